import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { authUser, webhook, webhookDelivery } from "../../db/schema";

export type WebhookRow = typeof webhook.$inferSelect;
export type DeliveryRow = typeof webhookDelivery.$inferSelect;

const owned = ({ id, userId }: Owned) => and(eq(webhook.id, id), eq(webhook.userId, userId));

export function listWebhooks(db: Db, userId: number): Promise<WebhookRow[]> {
  return db.select().from(webhook).where(eq(webhook.userId, userId)).orderBy(webhook.id);
}

export async function findWebhook(db: Db, key: Owned): Promise<WebhookRow | undefined> {
  const [row] = await db.select().from(webhook).where(owned(key));
  return row;
}

/**
 * Inserts a webhook unless the user has `max` already: the user's row is locked first (FOR NO
 * KEY UPDATE, which other writers of auth_user's non-key columns do not wait for long), so two
 * concurrent creations count one after the other. Undefined when the limit is reached.
 */
export function insertWebhook(
  db: Db,
  values: Omit<typeof webhook.$inferInsert, "id">,
  max: number,
): Promise<WebhookRow | undefined> {
  return db.transaction(async (tx) => {
    await tx
      .select({ id: authUser.id })
      .from(authUser)
      .where(eq(authUser.id, values.userId))
      .for("no key update");
    const [n] = await tx
      .select({ n: count() })
      .from(webhook)
      .where(eq(webhook.userId, values.userId));
    if ((n?.n ?? 0) >= max) return undefined;
    const [row] = await tx.insert(webhook).values(values).returning();
    return row;
  });
}

export async function updateWebhook(
  db: Db,
  key: Owned,
  changes: Partial<Pick<WebhookRow, "url" | "events" | "description" | "isActive">> & {
    now: Timestamp;
  },
): Promise<WebhookRow | undefined> {
  const { now, ...fields } = changes;
  // Turned on again: its failures so far no longer count towards turning it off.
  const reset = fields.isActive === true ? { failingSince: null } : {};
  const [row] = await db
    .update(webhook)
    .set({ ...fields, ...reset, updatedAt: now })
    .where(owned(key))
    .returning();
  return row;
}

export async function deleteWebhook(db: Db, key: Owned): Promise<boolean> {
  const rows = await db.delete(webhook).where(owned(key)).returning({ id: webhook.id });
  return rows.length > 0;
}

/** A webhook's latest deliveries, newest first (at most `limit`). */
export function listDeliveries(
  db: Db,
  { webhookId, limit }: { webhookId: number; limit: number },
): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDelivery)
    .where(eq(webhookDelivery.webhookId, webhookId))
    .orderBy(desc(webhookDelivery.id))
    .limit(limit);
}

/** A `ping` for one webhook, due now, whatever it subscribes to. */
export async function insertPing(
  db: Db,
  { webhookId, now }: { webhookId: number; now: Date },
): Promise<DeliveryRow> {
  const [row] = await db
    .insert(webhookDelivery)
    .values({
      webhookId,
      event: "ping",
      data: JSON.stringify({ webhook_id: webhookId }),
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * A manual retry: the delivery (of the caller's webhook) is due now with a fresh set of
 * attempts; its `webhook-id` stays. Undefined when it is not the caller's.
 */
export async function retryDelivery(
  db: Db,
  { webhookId, id, userId, now }: { webhookId: number; id: number; userId: number; now: Date },
): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .update(webhookDelivery)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null })
    .where(
      and(
        eq(webhookDelivery.id, id),
        eq(webhookDelivery.webhookId, webhookId),
        sql`exists (select 1 from ${webhook} where ${owned({ id: webhookId, userId })})`,
      ),
    )
    .returning();
  return row;
}
