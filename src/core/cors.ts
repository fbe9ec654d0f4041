import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { appendResponseHeader, fixedHeaders, setResponseHeader } from "./http";
import type { AppEnv } from "./types";

export interface CorsOptions {
  /** The allowed origin to echo back, or null. */
  origin: (origin: string, c: Context<AppEnv>) => string | null;
  allowHeaders: string[];
  allowMethods: string[];
  exposeHeaders: string[];
  maxAge: number;
}

/**
 * Hono's cors() for preflights; for every other request the same headers, set once on the
 * finished response. Hono's version reads `c.res` before the handler and appends `Vary` with
 * `c.header()` after it, each of which makes @hono/node-server rebuild the response from a body
 * stream: about a third of a cached GET's CPU (BENCHMARKS.md).
 */
export function corsHeaders(opts: CorsOptions): MiddlewareHandler<AppEnv> {
  const preflight = cors(opts);
  const expose = opts.exposeHeaders.join(",");
  const headers = fixedHeaders((c) => {
    const origin = c.req.header("origin");
    const allowed = origin ? opts.origin(origin, c) : null;
    if (allowed) setResponseHeader(c, "Access-Control-Allow-Origin", allowed);
    setResponseHeader(c, "Access-Control-Expose-Headers", expose);
    appendResponseHeader(c, "Vary", "Origin");
  });
  return (c, next) => (c.req.method === "OPTIONS" ? preflight(c, next) : headers(c, next));
}
