import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

const listen = (server: Server, port = 0) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
  });

/** A port on which nothing listens (bound once, then released): connections are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type ProxyMode = "forward" | "hang" | "refuse";

/**
 * A TCP server in front of a real PostgreSQL that can misbehave on demand, as a replica does:
 * `forward` passes bytes both ways; `hang` accepts and holds every byte, on new and existing
 * connections, delivering them once forwarding resumes (as a server stopped with SIGSTOP, then
 * continued); `refuse` closes every connection and stops listening (a stopped server: new
 * connections are refused). With no upstream it is a plain black hole.
 */
export async function faultyProxy(
  upstream: { host: string; port: number } | null,
  mode: ProxyMode,
) {
  let current = mode;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    accepted++;
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    if (!upstream) return;
    const server = tcpConnect(upstream.port, upstream.host);
    sockets.add(server);
    server.on("close", () => sockets.delete(server));
    server.on("error", () => client.destroy());
    client.on("close", () => server.destroy());
    relay(client, server);
    relay(server, client);
  });
  const held: Array<() => void> = [];
  const relay = (from: Socket, to: Socket) =>
    from.on("data", (d) => {
      if (current === "forward") to.write(d);
      else held.push(() => to.write(d));
    });
  const port = await listen(server);
  return {
    port,
    /** Connections accepted so far. */
    get accepted() {
      return accepted;
    },
    async set(mode: ProxyMode) {
      const was = current;
      current = mode;
      if (mode === "refuse") {
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => server.close(resolve));
      } else if (was === "refuse") {
        await listen(server, port);
      }
      if (mode === "forward") for (const write of held.splice(0)) write();
    },
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    },
  };
}
