import { createMiddleware } from "hono/factory";
import { setResponseHeader } from "./http";
import type { AppEnv } from "./types";

const SAFE_ID = /^[\w.-]{1,128}$/;

/**
 * Gives each request an id (a sane incoming X-Request-ID is kept), a logger bound to it, the
 * client IP, and one access-log line. The IP comes from the socket unless TRUST_PROXY names the
 * header a trusted proxy sets (for X-Forwarded-For, the address that proxy appended: the last).
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const { deps } = c.env;
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
  const logger = deps.logger.child({ requestId });
  c.set("requestId", requestId);
  c.set("logger", logger);
  c.set("clientIp", clientIp(c.req.raw.headers, deps.config.TRUST_PROXY, c.env.socketIp));
  const started = deps.clock.now();
  try {
    await next();
  } finally {
    setResponseHeader(c, "X-Request-ID", requestId);
    logger.info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: deps.clock.now() - started,
      userId: c.get("user")?.id,
    });
  }
});

export function clientIp(
  headers: Headers,
  trustProxy: string | undefined,
  socketIp?: string,
): string {
  if (trustProxy) {
    const value = headers.get(trustProxy);
    if (value) {
      const parts = value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const last = parts.at(-1);
      if (last) return last;
    }
  }
  return socketIp ?? "unknown";
}
