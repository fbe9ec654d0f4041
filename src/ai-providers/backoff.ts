import type { AiTiming } from "./provider";

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;

/**
 * Delay before retry number `retry` (0 = the first retry): exponential with "equal jitter"
 * (half fixed, half random) so that clients failing together do not retry together. A provider's
 * Retry-After wins when it asks for longer.
 */
export function backoffDelay(retry: number, random: number, retryAfterMs?: number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  const jittered = Math.round(exp / 2 + (exp / 2) * random);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/** Real waiting: a timer that an abort ends early (the caller then sees the signal aborted). */
export const realTiming: AiTiming = {
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    }),
  random: Math.random,
};
