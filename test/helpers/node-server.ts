import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Binds `port` on loopback (0: any) and releases it; resolves with the port, or null if taken. */
function probePort(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(null));
    srv.listen(port, "127.0.0.1", () => {
      const addr = srv.address();
      const bound = typeof addr === "object" && addr ? addr.port : null;
      srv.close(() => resolve(bound));
    });
  });
}

/** The first port the kernel hands out for bind(0) and outgoing connections. */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
      .trim()
      .split(/\s+/);
    return Number(low) || 32768;
  } catch {
    return 32768;
  }
}

/**
 * A free TCP port on loopback, picked below the kernel's ephemeral range: a port the OS handed
 * out for bind(0) could be handed to another process (wrangler's own sockets, a client's
 * connection) in the seconds before our child binds it, which made `wrangler dev` fail with
 * "Address already in use". Below the range only another explicit pick can collide.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralLow();
  const low = Math.max(1024, high - 12_000);
  for (let i = 0; i < 50; i++) {
    const port = await probePort(low + Math.floor(Math.random() * (high - low)));
    if (port !== null) return port;
  }
  const any = await probePort(0);
  if (any === null) throw new Error("no free port on 127.0.0.1");
  return any;
}

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Collects a child's stdout and stderr, for failure messages. */
export function captureOutput(proc: ChildProcess): () => string {
  let out = "";
  const add = (d: unknown) => {
    out += String(d);
  };
  proc.stdout?.on("data", add);
  proc.stderr?.on("data", add);
  return () => out;
}

/** Polls /ready (not /health: the Node server answers /health while it still starts). */
export async function waitForReady(
  url: string,
  timeoutMs: number,
  proc?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms`);
}

/**
 * Starts the Node server as `npm start` runs it (scripts/start.mjs: the esbuild bundle of
 * src/entry/node.ts in this one process, rebuilt first if a source changed; the main project's
 * global setup builds it once per run, test/helpers/server-build.ts) with the given
 * environment. Not under tsx: its loader made each start ~0.8 s of CPU dearer, and its CLI's
 * parent relayed signals to a child and, on a loaded machine, once ended with 143 on a SIGTERM
 * the server itself handles.
 */
export async function startNodeServer(env: Record<string, string>): Promise<RunningServer> {
  const port = Number(env.PORT) || (await freePort());
  const proc = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = captureOutput(proc);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(url, 60_000, proc);
  } catch (err) {
    proc.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${output()}`);
  }
  return {
    url,
    port,
    proc,
    output,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve(proc.exitCode);
        proc.once("exit", (code) => resolve(code));
        proc.kill(signal);
      }),
  };
}

/** The database settings for a server under test: the CI PostgreSQL, or a fresh PGlite directory. */
export function serverDatabaseEnv(): { env: Record<string, string>; cleanup(): void } {
  if (process.env.TEST_DATABASE_URL) {
    return { env: { DATABASE_URL: process.env.TEST_DATABASE_URL }, cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), "resumate-e2e-"));
  return { env: { PGLITE_DIR: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
