import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { serviceUnavailable } from "../core/errors";
import type { Logger } from "../core/logger";
import type { DocumentJob, DocumentResult, DocumentWork } from "../documents/work";

/**
 * Node's DocumentWork: document jobs (renders, the share page, JSON Resume) on worker threads,
 * so a long one never blocks the event loop. Each job has a time budget from the moment it is
 * asked for, waiting included: past it a queued job is dropped and a running one has its thread
 * stopped (the only way to stop a runaway regular expression), and the caller gets a 503 with
 * Retry-After. At most `threads + queueMax` jobs are held; one more is a 503 at once.
 */
export interface DocumentPoolOptions {
  /** Threads that run jobs (RENDER_THREADS; 0 picks from the cores, see `renderThreads`). */
  threads: number;
  /** Jobs that may wait for a thread (RENDER_QUEUE_MAX). */
  queueMax: number;
  /** Each job's budget in ms (RENDER_TIMEOUT_MS). */
  timeoutMs: number;
  logger?: Logger;
  /** The module whose `runDocumentJob` runs the jobs; tests pass their own. */
  module?: URL;
  /** Called as each thread starts (the server lowers its priority: node-priority.ts). */
  onThreadStart?: () => void;
}

export interface DocumentPool extends DocumentWork {
  /** Starts a thread and loads the renderers in it, so the first export does not wait. */
  warm(): Promise<void>;
  /** Lets running jobs finish, then stops the threads (the graceful shutdown). */
  close(): Promise<void>;
}

/** The cores, at least 2 (one slow job leaves a thread free), at most 4. */
export const renderThreads = (setting: number) =>
  setting > 0 ? setting : Math.max(2, Math.min(4, availableParallelism()));

/**
 * The threads load TypeScript as the process does. Under `tsx src/entry/node.ts` or
 * `node --import tsx` they inherit the loader with `process.execArgv`; elsewhere (vitest) they
 * get tsx's loader themselves.
 */
function threadExecArgv(module: URL): string[] {
  // A young generation sized for the process (`node --max-semi-space-size=N`) is a V8 flag a
  // thread refuses in its execArgv (every export answered 500): a thread sizes its own, in
  // resourceLimits.
  const own = process.execArgv.filter((arg) => !/^--(?:max|min)-semi-space-size\b/.test(arg));
  if (!module.pathname.endsWith(".ts")) return own;
  if (own.some((arg) => arg.includes("tsx"))) return own;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return [...own, "--import", loader];
}

/**
 * The jobs module: the TypeScript source, or beside the compiled server, where scripts/start.mjs
 * builds it as `document-jobs.js` (compiled threads need no TypeScript loader: ~40 MB less each).
 */
const JOBS_MODULE = import.meta.url.endsWith(".ts")
  ? new URL("../documents/jobs.ts", import.meta.url)
  : new URL("./document-jobs.js", import.meta.url);

export function createDocumentPool(opts: DocumentPoolOptions): DocumentPool {
  let pool: Piscina | undefined;
  let held = 0;
  const retryAfter = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
  const start = () => {
    // Lazily: importing this module (or building the deps) starts no thread.
    pool ??= new Piscina({
      filename: (opts.module ?? JOBS_MODULE).href,
      name: "runDocumentJob",
      minThreads: 1,
      maxThreads: opts.threads,
      idleTimeout: 60_000,
      // A small young generation: a thread's renders make short-lived garbage, and each MB of
      // nursery is resident (the embedded default's 250 MB, BENCHMARKS.md #27). The old
      // generation's bound stops one job's runaway allocation at the thread, not the process.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
      execArgv: threadExecArgv(opts.module ?? JOBS_MODULE),
    });
    const { onThreadStart } = opts;
    if (onThreadStart) pool.on("workerCreate", () => onThreadStart());
    // A thread failing between jobs is replaced by the pool; unheard, the event would throw.
    pool.on("error", (err: unknown) =>
      opts.logger?.error("document thread failed", { error: (err as Error).name }),
    );
    return pool;
  };
  const refuse = (why: string, job: DocumentJob) => {
    opts.logger?.warn(why, { kind: job.kind, budgetMs: opts.timeoutMs, held });
    return serviceUnavailable(retryAfter);
  };
  async function run<J extends DocumentJob>(job: J): Promise<DocumentResult<J>> {
    if (held >= opts.threads + opts.queueMax) throw refuse("document jobs queue full", job);
    held++;
    const signal = AbortSignal.timeout(opts.timeoutMs);
    try {
      return (await start().run(job, { signal })) as DocumentResult<J>;
    } catch (err) {
      if (signal.aborted) throw refuse("document job over its time budget", job);
      if ((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
        throw refuse("document job over its memory bound", job);
      }
      throw err;
    } finally {
      held--;
    }
  }
  return {
    run,
    async warm() {
      await run({ kind: "page", page: { title: "", content: "", formats: [] } });
    },
    async close() {
      await pool?.close();
    },
  };
}
