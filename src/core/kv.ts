/**
 * The shared key-value port: response cache, counters (throttling, breaker), revocation front.
 * Values are strings; callers serialize. Implementations: src/kv/memory.ts (embedded) and
 * src/kv/upstash.ts.
 */
export interface Kv {
  get(key: string): Promise<string | null>;
  /** `ttlSeconds` omitted keeps the key until deleted. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Atomically increments and, when the key is new, sets its expiry; returns the new value and ms left. */
  incr(key: string, ttlSeconds: number): Promise<{ value: number; ttlMs: number }>;
  ping(): Promise<void>;
}
