import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./types";

/** How long a user's reads stay on the primary after they wrote (covers replication lag). */
export const PRIMARY_PIN_SECONDS = 10;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Read-your-writes with read replicas: handlers read through `database.reader`, which this
 * middleware points at the primary for (a) any request that may write, so a request reads what
 * it wrote, and (b) a signed-in user's reads for a few seconds after a successful write, so the
 * next page does not come from a replica that has not caught up. Without replicas it does nothing.
 */
export const routeReads: MiddlewareHandler<AppEnv> = (c, next) =>
  c.env.deps.database.reader === c.env.deps.database.db ? next() : routeToReplicas(c, next);

const routeToReplicas = createMiddleware<AppEnv>(async (c, next) => {
  const { deps } = c.env;
  const { database, kv } = deps;
  const safe = SAFE_METHODS.has(c.req.method);
  const user = c.get("user");
  const pinKey = user ? `primary-pin:user:${user.id}` : null;
  const pinned =
    safe && pinKey !== null && (await kv.get(pinKey).catch(() => "store down")) !== null;
  if (!safe || pinned) {
    // A per-request copy: other requests keep reading from the replicas.
    c.env = { ...c.env, deps: { ...deps, database: { ...database, reader: database.db } } };
  }
  await next();
  if (!safe && pinKey !== null && c.res.status < 400) {
    // Before the response leaves, so the client's next read already sees the pin.
    await kv.set(pinKey, "1", PRIMARY_PIN_SECONDS).catch(() => {});
  }
});
