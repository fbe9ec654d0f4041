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
  /**
   * Sets the key only when it is absent (Redis `SET NX EX`), atomically across every instance;
   * true when this call set it. Claims (idempotency keys) rest on it.
   */
  setNx(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Atomically increments and, when the key is new, sets its expiry; returns the new value and ms left. */
  incr(key: string, ttlSeconds: number): Promise<{ value: number; ttlMs: number }>;
  ping(): Promise<void>;
}
