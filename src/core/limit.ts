/**
 * At most `max` jobs at once, the rest queued in arrival order. Node's WebCrypto runs PBKDF2 and
 * HMAC in the same libuv threadpool (4 threads): without a bound, a burst of logins fills it and
 * every signed-in request waits for its token check behind them (BENCHMARKS.md).
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
