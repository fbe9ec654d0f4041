import type { MiddlewareHandler } from "hono";
import { headerBlock } from "./response-headers";
import type { CoreEnv } from "./types";

/**
 * The headers Hono's `secureHeaders()` sets by default, with Cross-Origin-Resource-Policy opened to
 * `cross-origin` (SPAs on other origins read this API). A fixed table, put in the request's header
 * bag before the handler (no step after it); pinned to Hono's own output by
 * test/unit/security-headers.test.ts.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "cross-origin",
  "Origin-Agent-Cluster": "?1",
  "Referrer-Policy": "no-referrer",
  "Strict-Transport-Security": "max-age=15552000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Download-Options": "noopen",
  "X-Frame-Options": "SAMEORIGIN",
  "X-Permitted-Cross-Domain-Policies": "none",
  "X-XSS-Protection": "0",
};

const SECURITY_BLOCK = headerBlock(SECURITY_HEADERS);

export const securityHeaders: MiddlewareHandler<CoreEnv> = (c, next) => {
  c.env.headers.setAll(SECURITY_BLOCK);
  return next();
};
