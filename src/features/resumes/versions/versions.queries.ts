import { and, desc, eq, sql } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import { resumeVersion } from "../../../db/schema";
import {
  lockResume,
  type ResumeRow,
  type VersionPolicy,
  writeKeepingVersion,
} from "../resumes.write";

export type VersionRow = typeof resumeVersion.$inferSelect;

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
    return writeKeepingVersion(tx, before, { title, content }, policy);
  });
}
