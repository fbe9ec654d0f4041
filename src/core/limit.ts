/**
 * At most `max` jobs at once, the rest queued in arrival order. Where password hashing shares a
 * small thread pool with the token checks, a burst of logins would otherwise fill it and every
 * signed-in request would wait behind them (src/entry/node-deps.ts, BENCHMARKS.md #2).
 */
export function createLimiter(max: number) {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    running--;
    queue.shift()?.();
  };
  return async function run<T>(job: () => Promise<T>): Promise<T> {
    if (running >= max) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      release();
    }
  };
}
