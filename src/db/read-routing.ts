import type { MiddlewareHandler } from "hono";
import type { Kv } from "../core/kv";
import type { AuthUser } from "../core/types";
import type { Database, Db } from "./client";

/** How long a user's reads stay on the primary after they wrote (covers replication lag). */
export const PRIMARY_PIN_SECONDS = 10;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What the read choice needs of the app's environment. */
interface ReadEnv {
  Bindings: { deps: { database: Database; kv: Kv } };
  Variables: { user: AuthUser | null; reader: Db };
}

/**
 * Read-your-writes with read replicas: handlers read through `c.get("reader")`, which this
 * middleware sets to the primary for (a) any request that may write, so a request reads what it
 * wrote, and (b) a signed-in user's reads for a few seconds after a successful write, so the next
 * page does not come from a replica that has not caught up; else to `database.reader` (the
 * replicas; without replicas, the primary, and nothing else to do).
 */
export const routeReads: MiddlewareHandler<ReadEnv> = (c, next) => {
  const { database } = c.env.deps;
  c.set("reader", database.reader);
  return database.reader === database.db ? next() : routeToReplicas(c, next);
};

const routeToReplicas: MiddlewareHandler<ReadEnv> = async (c, next) => {
  const { database, kv } = c.env.deps;
  const safe = SAFE_METHODS.has(c.req.method);
  const user = c.get("user");
  const pinKey = user ? `primary-pin:user:${user.id}` : null;
  const pinned =
    safe && pinKey !== null && (await kv.get(pinKey).catch(() => "store down")) !== null;
  if (!safe || pinned) c.set("reader", database.db);
  await next();
  if (!safe && pinKey !== null && c.res.status < 400) {
    // Before the response leaves, so the client's next read already sees the pin.
    // At least as long as the replicas in use lag behind (measured in the background).
    const seconds = database.replicas?.pinSeconds(PRIMARY_PIN_SECONDS) ?? PRIMARY_PIN_SECONDS;
    await kv.set(pinKey, "1", seconds).catch(() => {});
  }
};
