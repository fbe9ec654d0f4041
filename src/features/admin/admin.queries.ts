import { and, asc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import type { Db } from "../../db/client";
import { aiModel } from "../../db/schema";

export type AiModelRow = typeof aiModel.$inferSelect;
export type AiModelValues = Omit<typeof aiModel.$inferInsert, "id" | "createdAt" | "updatedAt">;

export function listModels(db: Db): Promise<AiModelRow[]> {
  return db.select().from(aiModel).orderBy(asc(aiModel.id));
}

export async function findModel(db: Db, { id }: { id: number }): Promise<AiModelRow | undefined> {
  const [row] = await db.select().from(aiModel).where(eq(aiModel.id, id));
  return row;
}

/** Whether a row other than `exceptId` matches `where` (the checks before a write). */
async function otherRowMatches(db: Db, where: SQL, exceptId?: number): Promise<boolean> {
  const [row] = await db
    .select({ id: aiModel.id })
    .from(aiModel)
    .where(and(where, exceptId === undefined ? undefined : ne(aiModel.id, exceptId)))
    .limit(1);
  return row !== undefined;
}

/** Whether another row already has this display name, ignoring case (the unique index's rule). */
export const displayNameTaken = (db: Db, { name, exceptId }: { name: string; exceptId?: number }) =>
  otherRowMatches(db, sql`lower(${aiModel.displayName}) = lower(${name})`, exceptId);

/** Whether a row of one of `providers` (other than `exceptId`) names the key setting `name`. */
export const keyNameUsedBy = (
  db: Db,
  { name, providers, exceptId }: { name: string; providers: readonly string[]; exceptId?: number },
) =>
  otherRowMatches(
    db,
    and(eq(aiModel.apiKeyName, name), inArray(aiModel.apiProvider, [...providers])) as SQL,
    exceptId,
  );

/** Django's `auto_now_add`/`auto_now`: both set on insert, `updated_at` on every save. */
export async function insertModel(
  db: Db,
  { values, now }: { values: AiModelValues; now: Timestamp },
): Promise<AiModelRow> {
  const [row] = await db
    .insert(aiModel)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateModel(
  db: Db,
  { id, values, now }: { id: number; values: Partial<AiModelValues>; now: Timestamp },
): Promise<AiModelRow | undefined> {
  const [row] = await db
    .update(aiModel)
    .set({ ...values, updatedAt: now })
    .where(eq(aiModel.id, id))
    .returning();
  return row;
}

export async function deleteModel(db: Db, { id }: { id: number }): Promise<boolean> {
  const rows = await db.delete(aiModel).where(eq(aiModel.id, id)).returning({ id: aiModel.id });
  return rows.length > 0;
}
