import { createServer, type Socket, connect as tcpConnect } from "node:net";

/**
 * A TCP proxy in front of the API that cuts one connection mid-stream, as a phone losing its
 * network does: the first connection whose answer is `text/event-stream` is destroyed (both
 * ways) once `afterEvents` chunk events went through it. Everything else is passed as it is.
 */
export async function cuttingProxy(upstream: URL, opts: { afterEvents: number }) {
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const origin = tcpConnect(Number(upstream.port), upstream.hostname);
    for (const s of [client, origin]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    client.on("close", () => origin.destroy());
    origin.on("close", () => client.destroy());
    client.on("data", (d) => origin.write(d));
    let seen = "";
    origin.on("data", (d: Buffer) => {
      client.write(d);
      if (cuts > 0 || seen.length > 1_000_000) return;
      seen += d.toString("latin1");
      const events = seen.split("event: chunk").length - 1;
      if (seen.includes("text/event-stream") && events >= opts.afterEvents) {
        cuts += 1;
        client.destroy();
        origin.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cuts: () => cuts,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
