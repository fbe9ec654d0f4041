/**
 * The shared key-value port: response cache, counters (throttling, breaker), revocation front.
 * Values are strings; callers serialize. Implementations: src/kv/memory.ts (embedded) and
 * src/kv/upstash.ts.
 */
export interface Kv {
  get(key: string): Promise<string | null>;
  /**
   * `get` without a promise, for a store that holds its values in this process (the in-process
   * twin); absent where a value is a round trip away. A cache hit read this way lets a route
   * answer synchronously (BENCHMARKS.md #35). A wrapper that replaces `get` replaces this too.
   */
  peek?(key: string): string | null;
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
  /**
   * Appends `values` to the list at `key` (created when absent) and sets the list's expiry: one
   * round trip for a batch (a generation's events, see features/ai/ai.events.ts).
   */
  append(key: string, values: readonly string[], ttlSeconds: number): Promise<void>;
  /** The list's values from index `start` (0-based) to its end; empty when there is no list. */
  range(key: string, start: number): Promise<string[]>;
}
