import { backoffDelay } from "./backoff";
import type { AiProvider, GenerateRequest, GenerateResult, ProviderError } from "./provider";

/**
 * A per-attempt signal that aborts on the caller's abort or after `ms` without progress:
 * `touch()` (a streamed chunk) restarts the clock, so the timeout bounds silence, not length.
 */
export function attemptTimer(ms: number, caller: AbortSignal) {
  const ctl = new AbortController();
  let timedOut = false;
  const onAbort = () => ctl.abort();
  caller.addEventListener("abort", onAbort, { once: true });
  const fire = () => {
    timedOut = true;
    ctl.abort();
  };
  let timer = setTimeout(fire, ms);
  return {
    signal: ctl.signal,
    timedOut: () => timedOut,
    touch() {
      clearTimeout(timer);
      timer = setTimeout(fire, ms);
    },
    /**
     * Ends the attempt. `abort` cancels whatever is still in flight on its signal; an attempt
     * whose answer was read in full skips it (an abort builds a DOMException with a stack and
     * runs the transport's listeners: 4% of a generation's CPU).
     */
    clear({ abort }: { abort: boolean }) {
      clearTimeout(timer);
      caller.removeEventListener("abort", onAbort);
      if (abort) ctl.abort();
    },
  };
}

/**
 * The whole call's budget: a signal that aborts on the caller's abort or `ms` after the start,
 * however much progress was made (a slow drip never falls silent for an attempt's timeout).
 */
export function deadlineTimer(ms: number, caller: AbortSignal) {
  const ctl = new AbortController();
  let expired = false;
  const onAbort = () => ctl.abort();
  caller.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    expired = true;
    ctl.abort();
  }, ms);
  return {
    signal: ctl.signal,
    expired: () => expired,
    clear() {
      clearTimeout(timer);
      caller.removeEventListener("abort", onAbort);
    },
  };
}

// biome-ignore lint/correctness/useYield: a plain call seen as a stream with no chunks
async function* once(p: Promise<GenerateResult>): AsyncGenerator<string, GenerateResult> {
  return await p;
}

/** One attempt as a stream of text; a plain call is a stream with no chunks. */
export const attemptStream = (provider: AiProvider, req: GenerateRequest, stream: boolean) =>
  stream ? provider.stream(req) : once(provider.generate(req));

/** The longest Retry-After honoured; beyond it the call fails at once instead of waiting. */
export const MAX_RETRY_WAIT_MS = 30_000;

export const retryable = (e: ProviderError) =>
  e.kind === "network" ||
  (e.kind === "http" && e.status !== undefined && (e.status === 429 || e.status >= 500));
export const rejectsKey = (e: ProviderError) =>
  e.kind === "http" && (e.status === 401 || e.status === 403);

type Move = { kind: "next-key" } | { kind: "retry"; delay: number } | { kind: "fail" };

/** What to do after a failed attempt (only before any text went out: a stream is never retried). */
export function nextMove(
  err: ProviderError,
  state: { fresh: boolean; retries: number; keysLeft: number; maxRetries: number; random: number },
): Move {
  if (!state.fresh) return { kind: "fail" };
  if (rejectsKey(err)) return state.keysLeft > 0 ? { kind: "next-key" } : { kind: "fail" };
  if (!retryable(err) || state.retries >= state.maxRetries) return { kind: "fail" };
  const delay = backoffDelay(state.retries, state.random, err.retryAfterMs);
  // Someone is waiting for an answer: a provider asking for a longer pause gets a 503 now.
  return delay <= MAX_RETRY_WAIT_MS ? { kind: "retry", delay } : { kind: "fail" };
}
