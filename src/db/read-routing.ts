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
  Variables: { user: AuthUser | null; reader: Db; readerPin?: Promise<boolean> };
}

/**
 * Read-your-writes with read replicas: handlers read through `c.get("reader")`, which this
 * middleware sets to the primary for (a) any request that may write, so a request reads what it
 * wrote, and (b) a signed-in user's reads for a few seconds after a successful write, so the next
 * page does not come from a replica that has not caught up; else to `database.reader` (the
 * replicas; without replicas, the primary, and nothing else to do). The pin's lookup starts here
 * and is settled by `settleReads`, after the throttles: the two store calls run side by side, so
 * a slow or hung store costs a request one timeout, not two (issue 17).
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
  if (!safe) c.set("reader", database.db);
  else if (pinKey !== null) {
    // A store that fails pins to the primary: reading too fresh is safe, too stale is not.
    c.set(
      "readerPin",
      kv.get(pinKey).then(
        (v) => v !== null,
        () => true,
      ),
    );
  }
  await next();
  if (!safe && pinKey !== null && c.res.status < 400) {
    // Before the response leaves, so the client's next read already sees the pin.
    // At least as long as the replicas in use lag behind (measured in the background).
    const seconds = database.replicas?.pinSeconds(PRIMARY_PIN_SECONDS) ?? PRIMARY_PIN_SECONDS;
    await kv.set(pinKey, "1", seconds).catch(() => {});
  }
};

/** The pin lookup `routeReads` started: a pinned user reads from the primary. */
export const settleReads: MiddlewareHandler<ReadEnv> = (c, next) => {
  const pin = c.get("readerPin");
  if (!pin) return next();
  return pin.then((pinned) => {
    if (pinned) c.set("reader", c.env.deps.database.db);
    return next();
  });
};
