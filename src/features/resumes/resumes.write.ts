import { and, desc, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import { type Timestamp, timestampNow } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { resume, resumeTrash, resumeVersion, timelineEvent } from "../../db/schema";
import type { Deps } from "../../deps";
import { emitEvent } from "../webhooks";
import { resumeEventShape } from "./resumes.schemas";

/**
 * The resume write path, in one place: every change of a stored resume (an edit, a version
 * restored, a share link's ownership check, a delete) locks the row here, writes it here keeping
 * the state it replaces as a version, and moves it to the trash here. The versions, trash and
 * shares sub-resources call these inside their own transactions; other features call the
 * resumes face (index.ts), never these.
 */

export type ResumeRow = typeof resume.$inferSelect;

/** How a change is written: its time, and how many earlier states a resume keeps. */
export interface VersionPolicy {
  now: Timestamp;
  keep: number;
}

/** How every change of a resume is written: now, keeping RESUME_VERSIONS_KEEP earlier states. */
export const versionPolicy = (deps: Pick<Deps, "clock" | "config">): VersionPolicy => ({
  now: timestampNow(deps.clock),
  keep: deps.config.RESUME_VERSIONS_KEEP,
});

/** The owned resume, locked for the rest of the transaction (a change reads, then writes). */
export async function lockResume(tx: Db, { id, userId }: Owned): Promise<ResumeRow | undefined> {
  const [row] = await tx
    .select()
    .from(resume)
    .where(and(eq(resume.id, id), eq(resume.userId, userId)))
    .for("update");
  return row;
}

/** The user's versions a job application's timeline entry names (`resume_sent`). */
export const namedVersions = (db: Db, userId: number) =>
  db
    .select({ id: timelineEvent.resumeVersionId })
    .from(timelineEvent)
    .where(and(eq(timelineEvent.userId, userId), isNotNull(timelineEvent.resumeVersionId)));

/**
 * Writes a locked resume's new title and content (updated_at always, as Django's save() does).
 * When either differs, the state it replaces is kept as a version and the resume's versions
 * beyond `keep` are pruned, oldest first, in the caller's transaction; webhooks hear
 * `resume.updated` in the same transaction.
 */
export async function writeKeepingVersion(
  tx: Db,
  before: ResumeRow,
  next: { title: string; content: string },
  { now, keep }: VersionPolicy,
): Promise<ResumeRow> {
  if (next.title !== before.title || next.content !== before.content) {
    const { id: resumeId, userId, title, content } = before;
    await tx.insert(resumeVersion).values({ resumeId, userId, title, content, createdAt: now });
    const kept = tx
      .select({ id: resumeVersion.id })
      .from(resumeVersion)
      .where(eq(resumeVersion.resumeId, resumeId))
      .orderBy(desc(resumeVersion.id))
      .limit(keep);
    // A version a timeline names (the resume that was sent) is kept whatever its age.
    await tx
      .delete(resumeVersion)
      .where(
        and(
          eq(resumeVersion.resumeId, resumeId),
          notInArray(resumeVersion.id, kept),
          notInArray(resumeVersion.id, namedVersions(tx, userId)),
        ),
      );
  }
  const [row] = await tx
    .update(resume)
    .set({ ...next, updatedAt: now })
    .where(eq(resume.id, before.id))
    .returning();
  if (!row) throw new Error("update returned no row");
  await emitEvent(tx, row.userId, "resume.updated", resumeEventShape.serialize(row), now);
  return row;
}

/** A deleted resume as it was (same id and timestamps), until deleted_at + `trashDays`. */
export async function moveToTrash(
  tx: Db,
  row: ResumeRow,
  { linked, now, trashDays }: { linked: number[]; now: Timestamp; trashDays: number },
): Promise<void> {
  const { id, userId, title, content, createdAt, updatedAt } = row;
  const values = {
    userId,
    title,
    content,
    createdAt,
    updatedAt,
    linkedApplications: linked,
    deletedAt: now,
    // Computed by PostgreSQL from the same instant, so purge_at is deleted_at + N days exactly.
    purgeAt: sql`${now}::timestamptz + make_interval(days => ${trashDays}::int)`,
  };
  // A trash row under this id can only be left over from a restore refused as "taken" (a row
  // inserted by hand under a trashed id): the resume deleted now is the one that id names.
  await tx
    .insert(resumeTrash)
    .values({ id, ...values })
    .onConflictDoUpdate({ target: resumeTrash.id, set: values });
}
