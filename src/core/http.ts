import type { Context } from "hono";
import { getPath } from "hono/utils/url";
import { notFound } from "./errors";
import type { CoreEnv } from "./types";

/**
 * Paths work with and without the trailing slash: routing sees the path without it, so every
 * method matches both forms and no redirect (which would drop a POST body) is ever sent.
 */
export const stripTrailingSlash = (req: Request): string => {
  const path = getPath(req);
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
};

const JSON_TYPE = { "Content-Type": "application/json" } as const;

/**
 * Already serialised JSON as the response. Other headers go through the request's header bag:
 * with Content-Type alone Hono hands the Response a plain header object, with two or more it
 * builds a `Headers` (X-Cache-Status beside Content-Type cost the cached GETs 10-17% of their
 * throughput, see BENCHMARKS.md #12).
 */
export function jsonText<E extends CoreEnv>(
  c: Context<E>,
  text: string,
  headers: Readonly<Record<string, string>> = {},
) {
  const bag = c.env.headers;
  for (const name in headers) bag.set(name, headers[name] as string);
  return c.body(text, 200, JSON_TYPE);
}

const MAX_BIGINT = 9223372036854775807n;

/** DRF answers 404 for ids that cannot be a primary key ("abc", "-1", "1e3", too large). */
export function parseId(raw: string | undefined): number {
  if (!raw || !/^\d{1,19}$/.test(raw)) throw notFound();
  const big = BigInt(raw);
  if (big < 1n || big > MAX_BIGINT || big > BigInt(Number.MAX_SAFE_INTEGER)) throw notFound();
  return Number(big);
}
