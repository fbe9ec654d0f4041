import { serviceUnavailable } from "./errors";

/**
 * Which queue a password hash waits in: sign-ins (`POST /api/auth/token/`) go ahead of everything
 * else (registration, password change, account deletion, share-link passwords), so a burst of
 * those never makes a member wait to sign in.
 */
export type HashPriority = "sign-in" | "other";
const LANES: readonly HashPriority[] = ["sign-in", "other"];

export interface HashQueueOptions {
  /** Jobs that may run at once (the entry knows its thread pool, see src/entry/node-deps.ts). */
  slots: number;
  /**
   * A job whose expected wait (the jobs ahead of it in its lane and above, times the recent
   * average job time, over the slots) passes this is refused at once; one that has waited twice
   * this (pushed back by sign-ins) is refused then. A refusal is a 503 with Retry-After.
   */
  maxWaitMs: number;
  now?: () => number;
}

interface Waiter {
  start: () => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A bounded priority queue in front of password hashing. Where hashing shares a small thread
 * pool with the token checks, a burst of logins would otherwise fill it and every signed-in
 * request would wait behind them (BENCHMARKS.md #2); unbounded, a burst of 600k-iteration
 * hashes made sign-ins wait 10 s (issue 21). A quick 503 is better than that.
 */
export function createHashQueue({ slots, maxWaitMs, now = Date.now }: HashQueueOptions) {
  let running = 0;
  let averageMs = 0;
  const lanes = new Map<HashPriority, Waiter[]>(LANES.map((p) => [p, []]));
  const retryAfter = Math.max(1, Math.ceil(maxWaitMs / 1000));

  const ahead = (priority: HashPriority) => {
    let n = 0;
    for (const p of LANES) {
      n += lanes.get(p)?.length ?? 0;
      if (p === priority) break;
    }
    return n;
  };

  /** Hands a finished job's slot to the next waiter, or frees it. */
  const release = (tookMs: number) => {
    averageMs = averageMs === 0 ? tookMs : averageMs * 0.8 + tookMs * 0.2;
    for (const p of LANES) {
      const next = lanes.get(p)?.shift();
      if (next) {
        clearTimeout(next.timer);
        next.start();
        return;
      }
    }
    running--;
  };

  const wait = (priority: HashPriority) =>
    new Promise<void>((resolve, reject) => {
      if (((ahead(priority) + 1) * averageMs) / slots > maxWaitMs) {
        reject(serviceUnavailable(retryAfter));
        return;
      }
      const lane = lanes.get(priority) ?? [];
      const waiter: Waiter = {
        start: resolve,
        timer: setTimeout(() => {
          lane.splice(lane.indexOf(waiter), 1);
          reject(serviceUnavailable(retryAfter));
        }, 2 * maxWaitMs),
      };
      lane.push(waiter);
    });

  return async function run<T>(job: () => Promise<T>, priority: HashPriority): Promise<T> {
    // A waiter is handed its slot by `release` (still counted in `running`), so a job arriving
    // in between cannot take it too.
    if (running >= slots) await wait(priority);
    else running++;
    const started = now();
    try {
      return await job();
    } finally {
      release(now() - started);
    }
  };
}
