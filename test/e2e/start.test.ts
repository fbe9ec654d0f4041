import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { targetKind } from "../helpers/e2e-target";

/** `npm start` as a newcomer runs it (issue 26): one process, a clean stop, one-line errors. */
const dir = mkdtempSync(join(tmpdir(), "resumate-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>) {
  const child = spawn(args[0] as string, args.slice(1), {
    cwd: process.cwd(),
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, exited, stderr: () => stderr };
}

const listening = (): Promise<{ server: Server; port: number }> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === "object" && addr ? addr.port : 0 });
    });
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(targetKind() !== "node")("npm start", () => {
  it("stops the server itself on SIGTERM: no process is left and the port is free", async () => {
    const { server, port } = await listening();
    server.close();
    const npm = run(["npm", "start"], { PORT: String(port), PGLITE_DIR: join(dir, "a", "pglite") });
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(true);
    const children = readFileSync(`/proc/${npm.child.pid}/task/${npm.child.pid}/children`, "utf8");
    const server1 = Number(children.trim().split(" ")[0]);
    expect(server1).toBeGreaterThan(0);
    npm.child.kill("SIGTERM");
    expect(await npm.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(server1)).toBe(false);
    const again = await listening();
    again.server.close();
  }, 90_000);

  it("names a taken port in one line and exits 1", async () => {
    const { server, port } = await listening();
    try {
      const start = run(["node", "scripts/start.mjs"], {
        PORT: String(port),
        PGLITE_DIR: join(dir, "b", "pglite"),
        SECRET_KEY: "x".repeat(40),
      });
      expect(await start.exited).toBe(1);
      expect(start.stderr()).toBe(
        `error: port ${port} is already in use (set PORT to another one, or stop what holds it)\n`,
      );
    } finally {
      server.close();
    }
  }, 60_000);

  it("names an unwritable data directory in one line and exits 1", async () => {
    const { server, port } = await listening();
    server.close();
    const start = run(["node", "scripts/start.mjs"], {
      PORT: String(port),
      PGLITE_DIR: "/etc/passwd/pglite",
      SECRET_KEY: "x".repeat(40),
    });
    expect(await start.exited).toBe(1);
    expect(start.stderr()).toBe(
      "error: the embedded database directory /etc/passwd/pglite (PGLITE_DIR) is not writable (ENOTDIR)\n",
    );
  }, 60_000);
});
