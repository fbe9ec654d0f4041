import type { Context, MiddlewareHandler } from "hono";
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
 * Where the headers every response carries go (security, CORS, request id, rate limits). On Node
 * the entry passes the ServerResponse: its `setHeader` is a plain map write, and Node merges those
 * with the Response's own headers when it writes them (the Response's win on a clash). Setting
 * them on `c.res.headers` instead runs each one through undici's Headers (validation, sorting)
 * and makes @hono/node-server turn the Response's plain header object into a Headers too (see
 * BENCHMARKS.md). Without it (Workers, tests), they are set on the finished Response in place:
 * `c.header()` after `next()` would rebuild the response from its body stream.
 */
export function setResponseHeader(c: Context<AppEnv>, name: string, value: string) {
  writeHeader(c, name, value, false);
}

/**
 * Adds to a list header (Vary). On Node it is set beside the Response's own headers, which win
 * on a clash: no handler sets these itself.
 */
export function appendResponseHeader(c: Context<AppEnv>, name: string, value: string) {
  writeHeader(c, name, value, true);
}

function writeHeader(c: Context<AppEnv>, name: string, value: string, append: boolean) {
  const out = c.env.outgoing;
  if (out) {
    out.setHeader(name, value);
    return;
  }
  try {
    if (append) c.res.headers.append(name, value);
    else c.res.headers.set(name, value);
  } catch {
    // Immutable headers (e.g. a Response from fetch): let Hono rebuild the response.
    c.header(name, value, { append });
  }
}

/**
 * Whether headers may be set before the handler runs: on Node they go into the ServerResponse,
 * which sends them with whatever answer comes (a handler's own win on a clash), so a middleware
 * whose headers do not depend on the answer sets them first and needs no step after `next()`.
 * Elsewhere they can only be set on the finished Response.
 */
export const earlyHeaders = (c: Context<AppEnv>): boolean => c.env.outgoing !== undefined;

/**
 * A middleware writing headers that do not depend on the answer: before the handler where
 * `earlyHeaders` allows it (no step after `next()`), else on the finished Response.
 */
export function fixedHeaders(set: (c: Context<AppEnv>) => void): MiddlewareHandler<AppEnv> {
  const after: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    set(c);
  };
  return (c, next) => {
    if (!earlyHeaders(c)) return after(c, next);
    set(c);
    return next();
  };
}

export function setResponseHeaders(c: Context<AppEnv>, headers: Readonly<Record<string, string>>) {
  for (const name in headers) setResponseHeader(c, name, headers[name] as string);
}

const JSON_TYPE = { "Content-Type": "application/json" } as const;

/**
 * Already serialised JSON as the response. Other headers go through `setResponseHeader`, so on
 * Node the Response keeps a one-entry plain header object: with two or more, Hono builds an
 * undici `Headers` for it (X-Cache-Status beside Content-Type cost the cached GETs 10-17% of
 * their throughput, see BENCHMARKS.md #12).
 */
export function jsonText(
  c: Context<AppEnv>,
  text: string,
  headers: Readonly<Record<string, string>> = {},
) {
  if (!c.env.outgoing) return c.body(text, 200, { ...JSON_TYPE, ...headers });
  setResponseHeaders(c, headers);
  return c.body(text, 200, JSON_TYPE);
}

/** A header set through `setResponseHeader` (on Node: only those; a Response's own win anyway). */
export function responseHeader(c: Context<AppEnv>, name: string): string | null {
  const out = c.env.outgoing;
  if (!out) return c.res.headers.get(name);
  const value = out.getHeader(name);
  return value === undefined ? null : String(value);
}

const MAX_BIGINT = 9223372036854775807n;

/** DRF answers 404 for ids that cannot be a primary key ("abc", "-1", "1e3", too large). */
export function parseId(raw: string | undefined): number {
  if (!raw || !/^\d{1,19}$/.test(raw)) throw notFound();
  const big = BigInt(raw);
  if (big < 1n || big > MAX_BIGINT || big > BigInt(Number.MAX_SAFE_INTEGER)) throw notFound();
  return Number(big);
}
