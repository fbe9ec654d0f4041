import type { Context } from "hono";
import { BoundedCache } from "./lru";
import type { CoreEnv, LocalCounterStore, ThrottleState } from "./types";

/**
 * Counters for the limits that guard passwords (login, password change, account deletion,
 * share-link passwords). While the shared store cannot be reached they count in this process
 * instead of letting every guess through: with N instances an attacker gets N times the budget,
 * not an unlimited one (issue 21, finding 11). Ordinary throttles stay open in an outage.
 */

/** Keys kept while the store is down; past this the least recently counted is forgotten. */
const LOCAL_KEYS = 50_000;

interface Window {
  value: number;
  expiresAt: number;
}

/** Fixed windows in a bounded map, the store's `incr` semantics (expiry set by the first hit). */
export class LocalCounters implements LocalCounterStore {
  private readonly windows = new BoundedCache<Window>(LOCAL_KEYS);

  incr(key: string, windowSeconds: number, nowMs: number) {
    const live = this.windows.get(key, nowMs);
    const next = live
      ? { value: live.value + 1, expiresAt: live.expiresAt }
      : { value: 1, expiresAt: nowMs + windowSeconds * 1000 };
    this.windows.set(key, next, next.expiresAt);
    return { value: next.value, ttlMs: Math.max(0, next.expiresAt - nowMs) };
  }

  get(key: string, nowMs: number): number {
    return this.windows.get(key, nowMs)?.value ?? 0;
  }
}

export const createThrottleState = (): ThrottleState => ({
  failingOpen: false,
  failingClosed: false,
  failingLocal: false,
  local: new LocalCounters(),
});

export type OutageMode = "open" | "closed" | "local";

const OUTAGE_MESSAGES: Record<OutageMode, string> = {
  open: "throttle store unavailable: letting requests through",
  closed: "throttle store unavailable: refusing AI generation",
  local: "throttle store unavailable: counting password limits in this process",
};
const FLAGS = { open: "failingOpen", closed: "failingClosed", local: "failingLocal" } as const;

export function noteOutage<E extends CoreEnv>(c: Context<E>, mode: OutageMode, err: unknown) {
  const state = c.get("throttleState");
  if (state[FLAGS[mode]]) return;
  state[FLAGS[mode]] = true;
  c.get("logger").error(OUTAGE_MESSAGES[mode], {
    error: err instanceof Error ? err.name : typeof err,
  });
}

/** A store call succeeded: an incident (if any) is over, and the next one is logged again. */
export function noteStoreUp<E extends CoreEnv>(c: Context<E>) {
  const state = c.get("throttleState");
  if (!state.failingOpen && !state.failingClosed && !state.failingLocal) return;
  c.get("logger").info("throttle store recovered");
  state.failingOpen = false;
  state.failingClosed = false;
  state.failingLocal = false;
}

/** `kv.incr`, or this process's counter while the store is down (logged once per incident). */
export async function countSecurely<E extends CoreEnv>(
  c: Context<E>,
  key: string,
  windowSeconds: number,
) {
  const { kv, clock } = c.env.deps;
  try {
    const counted = await kv.incr(key, windowSeconds);
    noteStoreUp(c);
    return counted;
  } catch (err) {
    noteOutage(c, "local", err);
    return c.get("throttleState").local.incr(key, windowSeconds, clock.now());
  }
}

/** A counter's value, read as `countSecurely` counts it. */
export async function readSecurely<E extends CoreEnv>(c: Context<E>, key: string): Promise<number> {
  const { kv, clock } = c.env.deps;
  try {
    const value = Number(await kv.get(key));
    noteStoreUp(c);
    return Number.isFinite(value) ? value : 0;
  } catch (err) {
    noteOutage(c, "local", err);
    return c.get("throttleState").local.get(key, clock.now());
  }
}
