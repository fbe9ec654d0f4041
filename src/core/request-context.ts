import type { Context, MiddlewareHandler, Next } from "hono";
import { isIpLiteral } from "./ip";
import type { CoreEnv } from "./types";

const SAFE_ID = /^[\w.-]{1,128}$/;
/** Paths whose segment is a bearer secret (a share link's token): logged as `<token>`. */
const SECRET_PATH = /^(\/r\/|\/api\/shared\/)[^/]+/;
const loggedPath = (path: string) => path.replace(SECRET_PATH, "$1<token>");

/**
 * Gives each request an id (a sane incoming X-Request-ID is kept), a logger bound to it, the
 * client IP, and one access-log line. The IP comes from the socket unless TRUST_PROXY names the
 * header a trusted proxy sets (for X-Forwarded-For, the address that proxy appended: the last),
 * and that address is an IP literal.
 */
export const requestContext: MiddlewareHandler<CoreEnv> = (c, next) => {
  const { deps } = c.env;
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
  const logger = deps.logger.child({ requestId });
  c.set("requestId", requestId);
  c.set("logger", logger);
  const trustProxy = deps.config.TRUST_PROXY;
  c.set(
    "clientIp",
    // The request's headers object only when a proxy's header is to be read.
    trustProxy
      ? clientIp(c.req.raw.headers, trustProxy, c.env.socketIp)
      : socketAddress(c.env.socketIp),
  );
  c.env.headers.set("X-Request-ID", requestId);
  // With no access log to write there is nothing to do after the handler: no async layer.
  return logger.enabled("info") ? logAfter(c, next) : next();
};

async function logAfter(c: Context<CoreEnv>, next: Next) {
  const started = c.env.deps.clock.now();
  try {
    await next();
  } finally {
    c.get("logger").info("request", {
      method: c.req.method,
      path: loggedPath(c.req.path),
      status: c.res.status,
      ms: c.env.deps.clock.now() - started,
      userId: c.get("user")?.id,
    });
  }
}

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
      // A proxy appends a bare address; anything else (a port, junk, 100 characters) would be
      // counted and stored as the client: use the socket's address instead.
      const last = parts.at(-1);
      if (last && isIpLiteral(last)) return last;
    }
  }
  return socketAddress(socketIp);
}

// On Workers this is CF-Connecting-IP: checked too, as `wrangler dev` passes a client's own.
const socketAddress = (socketIp: string | undefined) =>
  socketIp && isIpLiteral(socketIp) ? socketIp : "unknown";
