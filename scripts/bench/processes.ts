import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** Child processes the bench and load runners start: the API, the baseline, the load generator. */

export const ROOT = join(import.meta.dirname, "..", "..");
const HOST = "127.0.0.1";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Proc {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first `/health` 200. */
  startMs: number;
  /** Milliseconds from spawn to the first `/ready` 200 (database migrated and seeded). */
  readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

/** Polls `path` every 10 ms (bounded by `timeoutMs`) so the start time is measured closely. */
async function waitFor(
  url: string,
  path: string,
  child: ChildProcess,
  timeoutMs: number,
  out: () => string,
) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}\n${out()}`);
    try {
      const res = await fetch(`${url}${path}`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill("SIGKILL");
  throw new Error(`${url}${path} not 200 after ${timeoutMs} ms\n${out()}`);
}

/** Runs a TypeScript file under `node --import tsx` (the PID is the server itself, not a wrapper). */
export async function startNode(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Proc> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...env,
      PORT: String(port),
      HOST,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + String(d)).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://${HOST}:${port}`;
  await waitFor(url, "/health", child, 60_000, () => out);
  const startMs = performance.now() - started;
  await waitFor(url, "/ready", child, 60_000, () => out);
  return {
    url,
    pid: child.pid ?? 0,
    child,
    startMs,
    readyMs: performance.now() - started,
    output: () => out,
    stop: () => stopChild(child),
  };
}

/** SIGTERM (graceful: the server drains and writes any --cpu-prof), SIGKILL after 15 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Resident memory of a process from /proc (Linux): current and peak (VmHWM), in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Samples RSS every 100 ms; `stop()` returns the highest seen (MB). */
export function sampleRss(pid: number): { stop(): number } {
  let peak = memoryOf(pid)?.rssMb ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid)?.rssMb ?? 0);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, memoryOf(pid)?.rssMb ?? 0);
    },
  };
}

/**
 * Waits (at most `maxMs`) until the process is nearly idle, so requests a previous run left in
 * flight (e.g. slow logins autocannon abandoned at the end of its duration) do not load the next.
 */
export async function settle(pid: number, maxMs = 60_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (performance.now() < deadline) {
    const before = cpuSecondsOf(pid);
    await new Promise((r) => setTimeout(r, 250));
    if (cpuSecondsOf(pid) - before < 0.025) return;
  }
}
