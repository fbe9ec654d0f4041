import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { headerBlock } from "./response-headers";
import type { CoreEnv } from "./types";

export interface CorsOptions {
  /** The allowed origin to echo back, or null. */
  origin: (origin: string, c: Context<CoreEnv>) => string | null;
  allowHeaders: string[];
  allowMethods: string[];
  exposeHeaders: string[];
  maxAge: number;
}

/**
 * Hono's cors() for preflights; for every other request the same headers, put in the request's
 * header bag before the handler. Hono's version reads `c.res` before the handler and appends
 * `Vary` with `c.header()` after it, each of which makes a runtime adapter rebuild the response
 * from its body stream: about a third of a cached GET's CPU (BENCHMARKS.md). No handler sets
 * `Vary` itself; one that did would keep its own.
 */
export function corsHeaders(opts: CorsOptions): MiddlewareHandler<CoreEnv> {
  const preflight = cors(opts);
  // Every answer varies on Origin (a cache must not serve one origin's answer to another). The
  // list of exposed headers only means something beside an allowed origin (a browser reads it
  // for a cross-origin answer it may see at all), so the answers to scripts, agents and
  // same-origin pages go without its ~200 bytes.
  const vary = headerBlock({ Vary: "Origin" });
  const exposed = headerBlock({
    "Access-Control-Expose-Headers": opts.exposeHeaders.join(","),
    Vary: "Origin",
  });
  return (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    const bag = c.env.headers;
    const origin = c.req.header("origin");
    const allowed = origin ? opts.origin(origin, c) : null;
    if (allowed) {
      bag.set("Access-Control-Allow-Origin", allowed);
      bag.setAll(exposed);
    } else bag.setAll(vary);
    return next();
  };
}
