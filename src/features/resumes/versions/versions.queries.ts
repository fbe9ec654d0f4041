import { and, desc, eq, notInArray, sql } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import { resume, resumeVersion } from "../../../db/schema";
import { emitEvent } from "../../webhooks";
import { resumeEventShape } from "../resumes.schemas";

type ResumeRow = typeof resume.$inferSelect;
export type VersionRow = typeof resumeVersion.$inferSelect;

/** How a change is written: its time, and how many earlier states a resume keeps. */
export interface VersionPolicy {
  now: Timestamp;
  keep: number;
}

/** The owned resume, locked for the rest of the transaction (a change reads, then writes). */
export async function lockResume(tx: Db, { id, userId }: Owned): Promise<ResumeRow | undefined> {
  const [row] = await tx
    .select()
    .from(resume)
    .where(and(eq(resume.id, id), eq(resume.userId, userId)))
    .for("update");
  return row;
}

/**
 * Writes a locked resume's new title and content (updated_at always, as Django's save() does).
 * When either differs, the state it replaces is kept as a version and the resume's versions
 * beyond `keep` are pruned, oldest first, in the caller's transaction.
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
    await tx
      .delete(resumeVersion)
      .where(and(eq(resumeVersion.resumeId, resumeId), notInArray(resumeVersion.id, kept)));
  }
  const [row] = await tx
    .update(resume)
    .set({ ...next, updatedAt: now })
    .where(eq(resume.id, before.id))
    .returning();
  if (!row) throw new Error("update returned no row");
  return row;
}

export interface VersionSummary {
  id: number;
  title: string;
  createdAt: Timestamp;
  size: number;
}

/** A resume's versions, newest first; size is the content's length in characters (code points). */
export function listVersions(
  db: Db,
  { resumeId, userId }: { resumeId: number; userId: number },
): Promise<VersionSummary[]> {
  return db
    .select({
      id: resumeVersion.id,
      title: resumeVersion.title,
      createdAt: resumeVersion.createdAt,
      size: sql<number>`char_length(${resumeVersion.content})::int`.mapWith(Number),
    })
    .from(resumeVersion)
    .where(and(eq(resumeVersion.resumeId, resumeId), eq(resumeVersion.userId, userId)))
    .orderBy(desc(resumeVersion.id));
}

export async function findVersion(
  db: Db,
  { id, resumeId, userId }: { id: number; resumeId: number; userId: number },
): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(resumeVersion)
    .where(
      and(
        eq(resumeVersion.id, id),
        eq(resumeVersion.resumeId, resumeId),
        eq(resumeVersion.userId, userId),
      ),
    );
  return row;
}

/**
 * Puts a version's title and content back; the state it replaces becomes a version itself, so
 * a restore can be undone. Undefined when the resume or the version is not the caller's.
 */
export function restoreVersion(
  db: Db,
  owned: Owned,
  versionId: number,
  policy: VersionPolicy,
): Promise<ResumeRow | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockResume(tx, owned);
    if (!before) return undefined;
    const version = await findVersion(tx, { ...owned, id: versionId, resumeId: owned.id });
    if (!version) return undefined;
    const { title, content } = version;
    const row = await writeKeepingVersion(tx, before, { title, content }, policy);
    await emitEvent(tx, row.userId, "resume.updated", resumeEventShape.serialize(row), policy.now);
    return row;
  });
}
