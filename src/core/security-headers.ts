import type { MiddlewareHandler } from "hono";
import { fixedHeaders, setResponseHeaders } from "./http";
import type { AppEnv } from "./types";

/**
 * The headers Hono's `secureHeaders()` sets by default, with Cross-Origin-Resource-Policy opened to
 * `cross-origin` (SPAs on other origins read this API). A fixed table, written once per response
 * through `setResponseHeaders` (on Node, straight into the ServerResponse); pinned to Hono's own
 * output by test/unit/security-headers.test.ts.
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

export const securityHeaders: MiddlewareHandler<AppEnv> = fixedHeaders((c) =>
  setResponseHeaders(c, SECURITY_HEADERS),
);
