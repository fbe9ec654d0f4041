import { type Context, Hono } from "hono";
import { getPath } from "hono/utils/url";
import { notFound } from "./errors";
import type { AppEnv } from "./types";

/**
 * Paths work with and without the trailing slash: routing sees the path without it, so every
 * method matches both forms and no redirect (which would drop a POST body) is ever sent.
 */
export const stripTrailingSlash = (req: Request): string => {
  const path = getPath(req);
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
};

/**
 * Sets a header on the finished response in place. `c.header()` after `next()` rebuilds the
 * response from its body stream, which makes @hono/node-server leave its fast path (a large share
 * of a cached GET, see BENCHMARKS.md); mutating the headers keeps it.
 */
export function setResponseHeader(c: Context, name: string, value: string) {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value); // immutable headers (e.g. a Response from fetch): let Hono rebuild it
  }
}

/** A feature's router, typed with the app's environment. */
export const createRouter = () => new Hono<AppEnv>({ getPath: stripTrailingSlash });

const MAX_BIGINT = 9223372036854775807n;

/** DRF answers 404 for ids that cannot be a primary key ("abc", "-1", "1e3", too large). */
export function parseId(raw: string | undefined): number {
  if (!raw || !/^\d{1,19}$/.test(raw)) throw notFound();
  const big = BigInt(raw);
  if (big < 1n || big > MAX_BIGINT || big > BigInt(Number.MAX_SAFE_INTEGER)) throw notFound();
  return Number(big);
}

/** ISO 8601 UTC with microseconds, as DRF renders datetimes. */
export function isoUtc(d: Date): string {
  // toISOString always ends in ".mmmZ"; slicing is several times cheaper than a regex replace,
  // and list responses format two dates per row (see BENCHMARKS.md).
  return `${d.toISOString().slice(0, -1)}000Z`;
}
