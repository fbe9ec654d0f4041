import { and, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import { jobApplication, resume, resumeTrash, resumeVersion } from "../../../db/schema";
import { drfTimestampSql } from "../../../db/shape";
import type { ResumeRow } from "../resumes.write";

export interface TrashSummary {
  id: number;
  title: string;
  deletedAt: Timestamp;
  purgeAt: Timestamp;
}

/** The caller's trash, newest deleted first. */
export function listTrash(db: Db, { userId }: { userId: number }): Promise<TrashSummary[]> {
  return db
    .select({
      id: resumeTrash.id,
      title: resumeTrash.title,
      deletedAt: resumeTrash.deletedAt,
      purgeAt: sql<Timestamp>`${drfTimestampSql(resumeTrash.purgeAt)}`,
    })
    .from(resumeTrash)
    .where(eq(resumeTrash.userId, userId))
    .orderBy(desc(resumeTrash.deletedAt), desc(resumeTrash.id));
}

export type RestoreResult = { row: ResumeRow } | "missing" | "taken";

/**
 * Puts a trashed resume back under its own id (its versions never left), and relinks the
 * applications the delete unlinked that still exist, are the caller's and use no other resume.
 * An id taken meanwhile (only a manual insert can do that) is "taken" and changes nothing.
 */
export function restoreTrash(db: Db, { id, userId }: Owned): Promise<RestoreResult> {
  return db.transaction(async (tx) => {
    const [trashed] = await tx
      .select()
      .from(resumeTrash)
      .where(and(eq(resumeTrash.id, id), eq(resumeTrash.userId, userId)))
      .for("update");
    if (!trashed) return "missing";
    const { title, content, createdAt, updatedAt, linkedApplications } = trashed;
    const [row] = await tx
      .insert(resume)
      .values({ id, userId, title, content, createdAt, updatedAt })
      .onConflictDoNothing({ target: resume.id })
      .returning();
    if (!row) return "taken";
    if (linkedApplications.length > 0) {
      await tx
        .update(jobApplication)
        .set({ resumeUsedId: id })
        .where(
          and(
            inArray(jobApplication.id, linkedApplications),
            eq(jobApplication.userId, userId),
            isNull(jobApplication.resumeUsedId),
          ),
        );
    }
    await tx.delete(resumeTrash).where(eq(resumeTrash.id, id));
    return { row };
  });
}

/** Removes the trash rows whose purge_at has come, and their versions; the ids removed. */
export function purgeTrash(db: Db, { now }: { now: Timestamp }): Promise<number[]> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(resumeTrash)
      .where(lte(resumeTrash.purgeAt, sql`${now}::timestamptz`))
      .returning({ id: resumeTrash.id });
    const ids = gone.map((r) => r.id);
    if (ids.length > 0) await tx.delete(resumeVersion).where(inArray(resumeVersion.resumeId, ids));
    return ids;
  });
}
