import { and, desc, eq } from "drizzle-orm";
import type { RowCheck } from "../../core/etag";
import type { Timestamp } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { coverLetter } from "../../db/schema";

export type CoverLetterRow = typeof coverLetter.$inferSelect;

const owned = ({ id, userId }: Owned) =>
  and(eq(coverLetter.id, id), eq(coverLetter.userId, userId));

/** The owner's letters, newest change first (the table's (user_id, updated_at) index). */
export function listCoverLetters(
  db: Db,
  { userId, jobApplicationId }: { userId: number; jobApplicationId?: number },
): Promise<CoverLetterRow[]> {
  const mine = eq(coverLetter.userId, userId);
  return db
    .select()
    .from(coverLetter)
    .where(
      jobApplicationId === undefined
        ? mine
        : and(mine, eq(coverLetter.jobApplicationId, jobApplicationId)),
    )
    .orderBy(desc(coverLetter.updatedAt), desc(coverLetter.id));
}

export async function findCoverLetter(db: Db, key: Owned): Promise<CoverLetterRow | undefined> {
  const [row] = await db.select().from(coverLetter).where(owned(key));
  return row;
}

/**
 * Runs `write` after `check` passed on the owned row, locked (FOR UPDATE) in one transaction,
 * so no other write lands between the check and this one; without a check, `write` alone.
 */
async function checked<T>(
  db: Db,
  key: Owned,
  check: RowCheck<CoverLetterRow> | undefined,
  write: (db: Db) => Promise<T>,
): Promise<T | undefined> {
  if (!check) return write(db);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(coverLetter).where(owned(key)).for("update");
    if (!current) return undefined;
    await check(current);
    return write(tx);
  });
}

export async function updateCoverLetter(
  db: Db,
  key: Owned,
  changes: { title?: string; content?: string; now: Timestamp },
  check?: RowCheck<CoverLetterRow>,
): Promise<CoverLetterRow | undefined> {
  const { now, ...fields } = changes;
  return checked(db, key, check, async (d) => {
    const [row] = await d
      .update(coverLetter)
      .set({ ...fields, updatedAt: now })
      .where(owned(key))
      .returning();
    return row;
  });
}

export async function deleteCoverLetter(
  db: Db,
  key: Owned,
  check?: RowCheck<CoverLetterRow>,
): Promise<boolean> {
  const deleted = await checked(db, key, check, async (d) => {
    const rows = await d.delete(coverLetter).where(owned(key)).returning({ id: coverLetter.id });
    return rows.length > 0;
  });
  return deleted ?? false;
}
