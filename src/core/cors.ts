import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
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
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    await next();
    const origin = c.req.header("origin");
    const allowed = origin ? opts.origin(origin, c) : null;
    const apply = (headers: Headers) => {
      if (allowed) headers.set("Access-Control-Allow-Origin", allowed);
      headers.set("Access-Control-Expose-Headers", expose);
      headers.append("Vary", "Origin");
    };
    try {
      apply(c.res.headers);
    } catch {
      // Immutable headers (a Response from fetch): copy it the way Hono does.
      c.res = new Response(c.res.body, c.res);
      apply(c.res.headers);
    }
  };
}
