import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "../../db/client";
import { webhook, webhookDelivery } from "../../db/schema";
import { columnList } from "../../db/sql";
import type { EventType } from "./webhooks.events";

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

export interface WebhookEvent {
  type: EventType;
  /** The event's `data`, serialised as JSON once and sent as written on every attempt. */
  data: unknown;
}

/**
 * Records events for the user's subscribed webhooks in one statement, in `tx` (the transaction
 * of the change that caused them); `now` is their time (the app's clock). Resolves to the
 * number of deliveries written (0 for a user without a subscribed webhook).
 */
export async function emitEvents(
  tx: Db,
  userId: number,
  events: readonly WebhookEvent[],
  now: Date | string = new Date(),
): Promise<number> {
  if (events.length === 0) return 0;
  const w = webhook;
  const d = webhookDelivery;
  const at = sql`${typeof now === "string" ? now : now.toISOString()}::timestamptz`;
  const rows = sql.join(
    events.map((e) => sql`(${e.type}::text, ${JSON.stringify(e.data)}::text)`),
    sql`, `,
  );
  const res = await tx.execute(
    sql`insert into ${d} (${columnList(d.webhookId, d.event, d.data, d.nextAttemptAt, d.createdAt)})
      select ${w.id}, e.type, e.data, ${at}, ${at}
      from ${w}, (values ${rows}) as e(type, data)
      where ${w.userId} = ${userId}::int and ${w.isActive}
        and (e.type = any(${w.events}) or '*' = any(${w.events}))
      returning ${d.id}`,
  );
  return rowsOf(res).length;
}

/** One event: `emitEvents` with a single one (what other features call). */
export const emitEvent = (
  tx: Db,
  userId: number,
  type: EventType,
  data: unknown,
  now: Date | string = new Date(),
) => emitEvents(tx, userId, [{ type, data }], now);
