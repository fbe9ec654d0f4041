import type { Config } from "../config";
import type { Logger } from "../core/logger";
import type { Hasher } from "../core/passwords";

/** Deployed Workers refuse WebCrypto PBKDF2 above this many iterations. */
export const WORKERS_WEBCRYPTO_MAX_ITERATIONS = 100_000;

/** What the Workers runtime hands each request (the part we use). */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: unknown;
}

/**
 * Deployed Workers refuse WebCrypto PBKDF2 above 100,000 iterations (local workerd does not):
 * new hashes stay at that cap, and larger Django hashes are verified in pure JS.
 */
export function workerHasher(config: Pick<Config, "PASSWORD_HASH_ITERATIONS">): Hasher {
  return {
    iterations: config.PASSWORD_HASH_ITERATIONS,
    webCryptoMaxIterations: WORKERS_WEBCRYPTO_MAX_ITERATIONS,
  };
}

/**
 * Background work of one request (cache fills, usage ledger): handed to ctx.waitUntil and
 * tracked, so the request's database client is closed only after the last of it has finished.
 */
export function createBackground(ctx: WorkerContext, logger: Logger) {
  const pending = new Set<Promise<unknown>>();
  return {
    waitUntil(p: Promise<unknown>) {
      const tracked: Promise<unknown> = p
        .catch((err) => logger.error("background task failed", { error: (err as Error).name }))
        .finally(() => pending.delete(tracked));
      pending.add(tracked);
      ctx.waitUntil(tracked);
    },
    /** Resolves once nothing is pending (tasks may start more tasks). */
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

/**
 * A streamed response (SSE) keeps using the database after the handler returned (it saves the
 * result at the end): such bodies are piped through, and `done` settles when the stream ends or
 * the client goes away. Other bodies are complete when returned.
 */
export function bodyDone(res: Response): { response: Response; done: Promise<void> } {
  const type = res.headers.get("content-type") ?? "";
  if (!res.body || !type.startsWith("text/event-stream")) {
    return { response: res, done: Promise.resolve() };
  }
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const done = res.body.pipeTo(writable).catch(() => {});
  return { response: new Response(readable, res), done };
}
