import { and, desc, eq } from "drizzle-orm";
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

export async function updateCoverLetter(
  db: Db,
  key: Owned,
  changes: { title?: string; content?: string; now: Timestamp },
): Promise<CoverLetterRow | undefined> {
  const { now, ...fields } = changes;
  const [row] = await db
    .update(coverLetter)
    .set({ ...fields, updatedAt: now })
    .where(owned(key))
    .returning();
  return row;
}

export async function deleteCoverLetter(db: Db, key: Owned): Promise<boolean> {
  const rows = await db.delete(coverLetter).where(owned(key)).returning({ id: coverLetter.id });
  return rows.length > 0;
}
