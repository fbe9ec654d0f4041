import type { Context } from "hono";
import * as z from "zod";
import { jsonText } from "./http";
import type { Kv } from "./kv";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { CoreEnv } from "./types";

export interface Cached<T> {
  value: T;
  hit: boolean;
}

/** `resumate:examples:v2` -> `examples`: the metric's label, one per cache. */
const cacheName = (key: string) => key.split(":")[1] ?? key;

type CacheParts = {
  kv: Kv;
  logger: Logger;
  waitUntil(p: Promise<unknown>): void;
  metrics?: Metrics;
};

/**
 * Cache-aside for JSON responses, as text: a hit is served from the kv store as the stored JSON
 * itself, never parsed and re-serialised (both were ~13% of a cached GET's CPU, see
 * BENCHMARKS.md); a miss (or a kv failure, which degrades to the database instead of failing the
 * request) loads and stores, through `waitUntil` so the response does not wait. The stored text is
 * always `JSON.stringify` of what `load` returned (this function writes it). A store that holds
 * its values in this process (`Kv.peek`) answers a hit without a promise, so the route can answer
 * synchronously (no async layer in the chain or the server adapter, BENCHMARKS.md #35).
 */
export function cacheAsideJson(
  parts: CacheParts,
  key: string,
  ttlSeconds: number,
  load: () => Promise<unknown>,
): Cached<string> | Promise<Cached<string>> {
  if (!parts.kv.peek) return readThenLoad(parts, key, ttlSeconds, load);
  const held = parts.kv.peek(key);
  if (held === null) return loadAndStore(parts, key, ttlSeconds, load);
  parts.metrics?.cache(cacheName(key), true);
  return { value: held, hit: true };
}

async function readThenLoad(
  parts: CacheParts,
  key: string,
  ttlSeconds: number,
  load: () => Promise<unknown>,
): Promise<Cached<string>> {
  try {
    const raw = await parts.kv.get(key);
    if (raw !== null) {
      parts.metrics?.cache(cacheName(key), true);
      return { value: raw, hit: true };
    }
  } catch (err) {
    parts.logger.debug("cache read failed; serving from the database", {
      key,
      error: (err as Error).name,
    });
  }
  return loadAndStore(parts, key, ttlSeconds, load);
}

async function loadAndStore(
  parts: CacheParts,
  key: string,
  ttlSeconds: number,
  load: () => Promise<unknown>,
): Promise<Cached<string>> {
  parts.metrics?.cache(cacheName(key), false);
  const value = JSON.stringify(await load());
  parts.waitUntil(
    parts.kv.set(key, value, ttlSeconds).catch((err) => {
      parts.logger.debug("cache write failed", { key, error: (err as Error).name });
    }),
  );
  return { value, hit: false };
}

/** The envelope's `cache_status`, as the existing service words it. */
export const CACHE_STATUS = {
  hit: "HIT (Response from Redis cache)",
  miss: "MISS (Response from database)",
} as const;
export const cacheStatusSchema = z.enum([CACHE_STATUS.hit, CACHE_STATUS.miss]);

const HIT_PREFIX = JSON.stringify({ cache_status: CACHE_STATUS.hit }).slice(0, -1);
const MISS_PREFIX = JSON.stringify({ cache_status: CACHE_STATUS.miss }).slice(0, -1);

/** The header `cachedEnvelopeResponse` writes, as the OpenAPI document describes it. */
export const CACHE_STATUS_HEADER = {
  "X-Cache-Status": {
    description: "HIT or MISS",
    required: true,
    schema: { enum: ["HIT", "MISS"] },
  },
} as const;

/**
 * `cacheEnvelope` as the response, around already serialised data, `X-Cache-Status` beside it;
 * synchronous when the cached value is (`cacheAsideJson`).
 */
export function cachedEnvelopeResponse<E extends CoreEnv>(
  c: Context<E>,
  cached: Cached<string> | Promise<Cached<string>>,
): Response | Promise<Response> {
  return cached instanceof Promise
    ? cached.then((value) => envelopeResponse(c, value))
    : envelopeResponse(c, cached);
}

function envelopeResponse<E extends CoreEnv>(c: Context<E>, cached: Cached<string>) {
  return jsonText(c, `${cached.hit ? HIT_PREFIX : MISS_PREFIX},"data":${cached.value}}`, {
    "X-Cache-Status": cached.hit ? "HIT" : "MISS",
  });
}
