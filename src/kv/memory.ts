import type { Kv } from "../core/kv";

interface Entry {
  value: string;
  expiresAt: number;
  /** A list's values (`append`/`range`); `value` is then unused. */
  list?: string[];
}

/** In-process twin of the Redis store: a Map with lazy expiry, bounded in size. */
export function createMemoryKv(
  now: () => number = Date.now,
  maxEntries = 100_000,
): Kv & { size(): number } {
  const map = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const e = map.get(key);
    if (e && e.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return e;
  };
  const put = (key: string, value: string, ttlSeconds?: number) => {
    map.delete(key);
    if (map.size >= maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, {
      value,
      expiresAt: ttlSeconds ? now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY,
    });
  };
  const peek = (key: string) => live(key)?.value ?? null;
  return {
    async get(key) {
      return peek(key);
    },
    peek,
    async set(key, value, ttlSeconds) {
      put(key, value, ttlSeconds);
    },
    async del(...keys) {
      for (const k of keys) map.delete(k);
    },
    async setNx(key, value, ttlSeconds) {
      if (live(key)) return false;
      put(key, value, ttlSeconds);
      return true;
    },
    async incr(key, ttlSeconds) {
      const e = live(key);
      if (!e) {
        put(key, "1", ttlSeconds);
        return { value: 1, ttlMs: ttlSeconds * 1000 };
      }
      e.value = String(Number(e.value) + 1);
      return { value: Number(e.value), ttlMs: Math.max(0, e.expiresAt - now()) };
    },
    async append(key, values, ttlSeconds) {
      const e = live(key);
      if (e?.list) {
        // In place: a generation appends every ~100 ms, and copying the list each time adds up.
        e.list.push(...values);
        e.expiresAt = now() + ttlSeconds * 1000;
        return;
      }
      put(key, "", ttlSeconds);
      const created = map.get(key);
      if (created) created.list = [...values];
    },
    async range(key, start) {
      return (live(key)?.list ?? []).slice(Math.max(0, start));
    },
    async ping() {},
    size: () => map.size,
  };
}
