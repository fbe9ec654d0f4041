import type { Kv } from "../kv/kv";
import type { Logger } from "./logger";

export interface Cached<T> {
  value: T;
  hit: boolean;
}

/**
 * Cache-aside: a hit is served from the kv store; a miss (or a kv failure, which degrades to the
 * database instead of failing the request) loads and stores. Stores run through `waitUntil`
 * so the response does not wait for them.
 */
export async function cacheAside<T>(
  parts: { kv: Kv; logger: Logger; waitUntil(p: Promise<unknown>): void },
  key: string,
  ttlSeconds: number,
  load: () => Promise<T>,
): Promise<Cached<T>> {
  try {
    const raw = await parts.kv.get(key);
    if (raw !== null) return { value: JSON.parse(raw) as T, hit: true };
  } catch (err) {
    // debug: the kv adapter logs an outage once per incident; this would repeat per request.
    parts.logger.debug("cache read failed; serving from the database", {
      key,
      error: (err as Error).name,
    });
  }
  const value = await load();
  parts.waitUntil(
    parts.kv.set(key, JSON.stringify(value), ttlSeconds).catch((err) => {
      parts.logger.debug("cache write failed", { key, error: (err as Error).name });
    }),
  );
  return { value, hit: false };
}

/** The envelope the existing service answers for cached lists (and the header beside it). */
export function cacheEnvelope<T>(cached: Cached<T>) {
  return {
    body: {
      cache_status: cached.hit
        ? "HIT (Response from Redis cache)"
        : "MISS (Response from database)",
      data: cached.value,
    },
    header: cached.hit ? "HIT" : "MISS",
  };
}

/**
 * `cacheAside` for JSON responses, as text: a hit is the stored JSON itself, never parsed and
 * re-serialised (both were ~13% of a cached GET's CPU, see BENCHMARKS.md). The stored text is
 * always `JSON.stringify` of what `load` returned (this function writes it), so it is the same
 * text `JSON.stringify(JSON.parse(raw))` would give.
 */
export async function cacheAsideJson(
  parts: { kv: Kv; logger: Logger; waitUntil(p: Promise<unknown>): void },
  key: string,
  ttlSeconds: number,
  load: () => Promise<unknown>,
): Promise<Cached<string>> {
  try {
    const raw = await parts.kv.get(key);
    if (raw !== null) return { value: raw, hit: true };
  } catch (err) {
    parts.logger.debug("cache read failed; serving from the database", {
      key,
      error: (err as Error).name,
    });
  }
  const value = JSON.stringify(await load());
  parts.waitUntil(
    parts.kv.set(key, value, ttlSeconds).catch((err) => {
      parts.logger.debug("cache write failed", { key, error: (err as Error).name });
    }),
  );
  return { value, hit: false };
}

const HIT_PREFIX = JSON.stringify({ cache_status: "HIT (Response from Redis cache)" }).slice(0, -1);
const MISS_PREFIX = JSON.stringify({ cache_status: "MISS (Response from database)" }).slice(0, -1);

/** `cacheEnvelope` as the response's JSON text and headers, around already serialised data. */
export function cachedEnvelopeJson(cached: Cached<string>) {
  return {
    text: `${cached.hit ? HIT_PREFIX : MISS_PREFIX},"data":${cached.value}}`,
    headers: { "Content-Type": "application/json", "X-Cache-Status": cached.hit ? "HIT" : "MISS" },
  };
}
