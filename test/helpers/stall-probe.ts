import { readdirSync, readFileSync } from "node:fs";
import { type RunningServer, startNodeServer } from "./node-server";

/** How long one hostile request may take before the test gives up on it (the server stalled). */
export const REQUEST_TIMEOUT_MS = 5_000;
/** How long one /health poll may take before it counts as blocked. */
export const HEALTH_TIMEOUT_MS = 2_000;
const HEALTH_EVERY_MS = 20;

export interface Probe {
  /** 0 when the request timed out or failed. */
  status: number;
  contentType: string;
  text: string;
  ms: number;
  /** The slowest /health answer while the request ran (HEALTH_TIMEOUT_MS when one never came). */
  healthMs: number;
  /** The request or a /health poll hit its time limit: the server may still be busy. */
  stalled: boolean;
}

/** `pid` and every process under it (Linux /proc), children first. */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text) children = children.concat(text.split(/\s+/).map(Number));
    }
  } catch {
    // gone already, or no /proc
  }
  return [...children.flatMap(processTree), pid];
}

/**
 * SIGKILL for the server and what it started (its document threads live in the process; a
 * child it spawned would outlive a signal to it alone, and a stalled one would burn a core).
 */
async function killTree(server: RunningServer | undefined): Promise<void> {
  if (server?.proc.pid === undefined) return;
  const tree = processTree(server.proc.pid); // before tsx dies and its child is re-parented
  const exited = server.stop("SIGKILL");
  for (const p of tree) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await exited;
}

/** One GET /health: its latency, or HEALTH_TIMEOUT_MS if it did not answer 200 in time. */
export async function healthLatency(url: string): Promise<number> {
  const started = performance.now();
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.status === 200 ? performance.now() - started : HEALTH_TIMEOUT_MS;
  } catch {
    return HEALTH_TIMEOUT_MS;
  }
}

/**
 * Runs `send` (one request, given a signal that ends it after REQUEST_TIMEOUT_MS) while polling
 * /health every ~20 ms; answers the request's time and the slowest /health.
 */
export async function probe(url: string, send: (signal: AbortSignal) => Promise<Response>) {
  let running = true;
  let healthMs = 0;
  // The pause between polls ends when the request does: the case is over then (its slowest
  // /health so far is kept, and the poll in flight is awaited), not ~20 ms later.
  let wake = () => {};
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, HEALTH_EVERY_MS);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const poller = (async () => {
    while (running) {
      healthMs = Math.max(healthMs, await healthLatency(url));
      if (running) await pause();
    }
  })();
  const started = performance.now();
  const out = { status: 0, contentType: "", text: "", ms: 0 };
  try {
    const res = await send(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    out.text = await res.text();
    out.status = res.status;
    out.contentType = res.headers.get("content-type") ?? "";
  } catch {
    // timed out (or the connection died): status 0
  }
  out.ms = performance.now() - started;
  running = false;
  wake();
  await poller;
  const stalled = out.status === 0 || healthMs >= HEALTH_TIMEOUT_MS;
  return { ...out, healthMs, stalled } satisfies Probe;
}

/**
 * The Node server under test, restartable: a stalled process (a request still burning its CPU
 * after the test gave up) is killed and started again on the same database, so one stall fails
 * one case, not every case after it.
 */
export class StallServer {
  private server: RunningServer | undefined;
  /**
   * Run after every restart: a fresh process loads its renderers on first use, which is no
   * hostile request's doing, so the case after a restart must not pay for it.
   */
  warmUp: () => Promise<void> = async () => {};
  constructor(private readonly env: Record<string, string>) {}

  get url(): string {
    if (!this.server) throw new Error("server not started");
    return this.server.url;
  }

  async start(): Promise<void> {
    this.server = await startNodeServer(this.env);
  }

  /** After a stalled case: waits briefly for /health, else kills and restarts the process. */
  async recover(): Promise<boolean> {
    for (let i = 0; i < 5; i++) {
      if ((await healthLatency(this.url)) < HEALTH_TIMEOUT_MS) return false;
    }
    await killTree(this.server);
    await this.start();
    await this.warmUp();
    return true;
  }

  /** Ends the server and its child even when its event loop is stalled (SIGTERM would wait). */
  async stop(): Promise<void> {
    await killTree(this.server);
  }
}
