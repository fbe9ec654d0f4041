import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "../../db/client";
import { webhook, webhookDelivery } from "../../db/schema";
import { columnList } from "../../db/sql";
import type { EventType } from "./webhooks.schemas";

/**
 * The outbox's write: one pending delivery per active webhook of the user subscribed to the
 * event (`*` counts), none when there is none. One statement, meant to run inside the change's
 * own transaction or statement (a CTE), so an event is recorded exactly when its change is. The
 * subscription check is this statement's index probe (resumate_webhook by user): no cache can
 * go stale, and a user without webhooks pays one probe that finds nothing.
 */
export function eventDeliveriesSql(e: {
  userId: SQL;
  type: EventType;
  /** The event's `data` as JSON text (an SQL expression). */
  data: SQL;
  now: SQL;
}): SQL {
  const w = webhook;
  const d = webhookDelivery;
  return sql`insert into ${d} (${columnList(d.webhookId, d.event, d.data, d.nextAttemptAt, d.createdAt)})
    select ${w.id}, ${e.type}, ${e.data}, ${e.now}, ${e.now} from ${w}
    where ${w.userId} = ${e.userId} and ${w.isActive}
      and (${e.type} = any(${w.events}) or '*' = any(${w.events}))`;
}

/**
 * Records `type` with `data` for the user's subscribed webhooks, in `tx` (the transaction of
 * the change); `now` is the event's time (the app's clock). Resolves to the deliveries written.
 */
export async function emitEvent(
  tx: Db,
  userId: number,
  type: EventType,
  data: unknown,
  now: Date = new Date(),
): Promise<number> {
  const res = await tx.execute(
    sql`${eventDeliveriesSql({
      userId: sql`${userId}::int`,
      type,
      data: sql`${JSON.stringify(data)}::text`,
      now: sql`${now.toISOString()}::timestamptz`,
    })} returning ${webhookDelivery.id}`,
  );
  return rowsOf(res).length;
}
