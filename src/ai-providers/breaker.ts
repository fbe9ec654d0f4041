import type { Clock } from "../core/clock";
import type { Kv } from "../core/kv";
import type { Logger } from "../core/logger";

export type BreakerState = "closed" | "trial" | "open";

export interface Breaker {
  /** `open`: fail fast without calling; `trial`: this caller is the one probe after the cooldown. */
  acquire(): Promise<BreakerState>;
  success(): Promise<void>;
  failure(state: BreakerState): Promise<void>;
}

export interface BreakerOptions {
  threshold: number;
  cooldownMs: number;
  /** How long a probe may take before another caller may probe (a crashed probe must not wedge it). */
  trialTtlSeconds: number;
}

/** Consecutive failures are forgotten after an hour without any, so rare blips never add up. */
const FAILURE_WINDOW_SECONDS = 3600;
/** An open marker nobody touches for a day is stale (the model was probably removed). */
const OPEN_TTL_SECONDS = 86_400;

/**
 * A circuit breaker whose state lives in the shared kv store (get/set/del/incr only), so every
 * instance sees the same circuit. Keys: `fails` (consecutive failures), `open` (the time the
 * cooldown ends), `trial:<that time>` (incr: the first caller after the cooldown gets 1 and
 * probes; the probe's success closes, its failure opens again for another cooldown).
 * A kv outage degrades to "closed": the breaker protects the provider, not the other way round.
 */
export function createBreaker(
  parts: { kv: Kv; clock: Clock; logger: Logger },
  name: string,
  opts: BreakerOptions,
): Breaker {
  const { kv, clock, logger } = parts;
  const base = `ai:breaker:v1:${name}`;
  const failsKey = `${base}:fails`;
  const openKey = `${base}:open`;
  const open = async () => {
    await kv.set(openKey, String(clock.now() + opts.cooldownMs), OPEN_TTL_SECONDS);
    logger.warn("ai breaker opened", { breaker: name, cooldownMs: opts.cooldownMs });
  };
  const safely = async <T>(what: string, fallback: T, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      logger.warn("ai breaker store failed", {
        breaker: name,
        op: what,
        error: (err as Error).name,
      });
      return fallback;
    }
  };

  // Whether the latest acquire() saw failures or an open marker: a success then has something
  // to clear. Unknown until an acquire, so a success without one clears anyway.
  let dirty = true;

  return {
    acquire: () =>
      safely<BreakerState>("acquire", "closed", async () => {
        const [until, fails] = await Promise.all([kv.get(openKey), kv.get(failsKey)]);
        dirty = until !== null || fails !== null;
        if (until === null) return "closed";
        if (clock.now() < Number(until)) return "open";
        const probe = await kv.incr(`${base}:trial:${until}`, opts.trialTtlSeconds);
        return probe.value === 1 ? "trial" : "open";
      }),
    // A healthy circuit costs no write per call: only a success after failures (or a trial) deletes.
    success: () =>
      safely("success", undefined, async () => {
        if (dirty) await kv.del(failsKey, openKey);
      }),
    failure: (state) =>
      safely("failure", undefined, async () => {
        if (state === "trial") return open();
        const fails = await kv.incr(failsKey, FAILURE_WINDOW_SECONDS);
        if (fails.value >= opts.threshold) await open();
      }),
  };
}
