import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { aiModel, aiQuota, aiUsage, authUser } from "../../db/schema";
import { ANONYMOUS_USERNAME } from "../../db/seed";

export type AiModelRow = typeof aiModel.$inferSelect;
export type UsageOutcome = "success" | "failure" | "limited" | "breaker_open" | "cancelled";

export function listActiveModels(db: Db): Promise<AiModelRow[]> {
  return db
    .select()
    .from(aiModel)
    .where(eq(aiModel.isActive, true))
    .orderBy(asc(aiModel.displayName), asc(aiModel.id));
}

/** An active model by display name, case-insensitively (as the existing service looks it up). */
export async function findActiveModel(db: Db, displayName: string) {
  const [row] = await db
    .select()
    .from(aiModel)
    .where(
      and(eq(aiModel.isActive, true), sql`lower(${aiModel.displayName}) = lower(${displayName})`),
    )
    .limit(1);
  return row;
}

export interface QuotaSlot {
  subject: string;
  modelId: number;
  /** UTC day, YYYY-MM-DD, fixed when reserving (a call across midnight counts for its start). */
  day: string;
}

/**
 * Takes one reservation in a single statement: the row lock of INSERT … ON CONFLICT DO UPDATE
 * serializes a burst, and the WHERE sees every earlier reservation, so at most `limit` calls
 * per day ever hold or use a slot. Reservations older than `staleBefore` (a process died before
 * releasing them) stop counting. `limit` 0 means unlimited (the row still counts use).
 */
export async function reserveQuota(
  db: Db,
  slot: QuotaSlot,
  limit: number,
  now: Date,
  staleBefore: Date,
): Promise<boolean> {
  const stale = sql`coalesce(${aiQuota.reservedAt} < ${staleBefore.toISOString()}::timestamptz, false)`;
  const rows = await db
    .insert(aiQuota)
    .values({ ...slot, used: 0, reserved: 1, reservedAt: now })
    .onConflictDoUpdate({
      target: [aiQuota.subject, aiQuota.modelId, aiQuota.day],
      set: {
        reserved: sql`case when ${stale} then 1 else ${aiQuota.reserved} + 1 end`,
        reservedAt: now,
      },
      setWhere: sql`${limit}::int = 0 or ${aiQuota.used} + case when ${stale} then 0 else ${aiQuota.reserved} end < ${limit}`,
    })
    .returning({ used: aiQuota.used });
  return rows.length > 0;
}

const slotWhere = (slot: QuotaSlot) =>
  and(
    eq(aiQuota.subject, slot.subject),
    eq(aiQuota.modelId, slot.modelId),
    eq(aiQuota.day, slot.day),
  );

/** A failed or cancelled call gives its slot back: nothing is used. */
export async function releaseQuota(db: Db, slot: QuotaSlot): Promise<void> {
  await db
    .update(aiQuota)
    .set({ reserved: sql`greatest(${aiQuota.reserved} - 1, 0)` })
    .where(slotWhere(slot));
}

export async function commitQuota(db: Db, slot: QuotaSlot): Promise<void> {
  await db
    .update(aiQuota)
    .set({ used: sql`${aiQuota.used} + 1`, reserved: sql`greatest(${aiQuota.reserved} - 1, 0)` })
    .where(slotWhere(slot));
}

export async function insertUsage(db: Db, row: typeof aiUsage.$inferInsert): Promise<void> {
  await db.insert(aiUsage).values(row);
}

export async function anonymousUserId(db: Db): Promise<number> {
  const [row] = await db
    .select({ id: authUser.id })
    .from(authUser)
    .where(eq(authUser.username, ANONYMOUS_USERNAME));
  if (!row) throw new Error("anonymous_user missing (run the seed)");
  return row.id;
}

/** Today's use per active model for one subject. */
export function usageForDay(db: Db, subject: string, day: string) {
  return db
    .select({
      displayName: aiModel.displayName,
      dailyLimit: aiModel.dailyLimit,
      used: sql<number>`coalesce(${aiQuota.used}, 0)::int`,
    })
    .from(aiModel)
    .leftJoin(
      aiQuota,
      and(eq(aiQuota.modelId, aiModel.id), eq(aiQuota.subject, subject), eq(aiQuota.day, day)),
    )
    .where(eq(aiModel.isActive, true))
    .orderBy(asc(aiModel.displayName), asc(aiModel.id));
}
