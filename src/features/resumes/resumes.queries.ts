import { and, desc, eq } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { jobApplication, resume } from "../../db/schema";

export type ResumeRow = typeof resume.$inferSelect;

export function listResumes(db: Db, { userId }: { userId: number }): Promise<ResumeRow[]> {
  return db
    .select()
    .from(resume)
    .where(eq(resume.userId, userId))
    .orderBy(desc(resume.updatedAt), desc(resume.id));
}

export async function findResume(db: Db, { id, userId }: Owned): Promise<ResumeRow | undefined> {
  const [row] = await db
    .select()
    .from(resume)
    .where(and(eq(resume.id, id), eq(resume.userId, userId)));
  return row;
}

export async function insertResume(
  db: Db,
  values: { userId: number; title: string; content: string; now: Timestamp },
): Promise<ResumeRow> {
  const { now, ...rest } = values;
  const [row] = await db
    .insert(resume)
    .values({ ...rest, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateResume(
  db: Db,
  { id, userId }: Owned,
  changes: { title?: string; content?: string; now: Timestamp },
): Promise<ResumeRow | undefined> {
  const { now, ...fields } = changes;
  const [row] = await db
    .update(resume)
    .set({ ...fields, updatedAt: now })
    .where(and(eq(resume.id, id), eq(resume.userId, userId)))
    .returning();
  return row;
}

/**
 * Deletes an owned resume and unlinks the applications that used it, in one transaction: a
 * database created by Django has no ON DELETE SET NULL, so the unlinking is done here.
 */
export function deleteResume(db: Db, { id, userId }: Owned): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [owned] = await tx
      .select({ id: resume.id })
      .from(resume)
      .where(and(eq(resume.id, id), eq(resume.userId, userId)))
      .for("update");
    if (!owned) return false;
    await tx
      .update(jobApplication)
      .set({ resumeUsedId: null })
      .where(eq(jobApplication.resumeUsedId, id));
    await tx.delete(resume).where(and(eq(resume.id, id), eq(resume.userId, userId)));
    return true;
  });
}
