import { and, desc, eq, notInArray, sql } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import { type Db, executeRows, type Owned } from "../../../db/client";
import { resume, resumeVersion } from "../../../db/schema";
import { columnList } from "../../../db/sql";
import {
  lockResume,
  namedVersions,
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
    .where(
      and(
        eq(resumeVersion.resumeId, resumeId),
        eq(resumeVersion.userId, userId),
        // The copies kept as "the resume that was sent" are no earlier state of an edit: they are
        // read by the id their timeline entry names, not listed in the resume's history.
        notInArray(resumeVersion.id, namedVersions(db, userId)),
      ),
    )
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

/**
 * Keeps an owned resume's current state as a version (the resume that was sent with an
 * application), in the caller's transaction. The version's id, or undefined when the resume is
 * not the user's.
 */
export async function keepResumeVersion(
  tx: Db,
  { resumeId, userId, now }: { resumeId: number; userId: number; now: Timestamp },
): Promise<number | undefined> {
  const cols = columnList(
    resumeVersion.resumeId,
    resumeVersion.userId,
    resumeVersion.title,
    resumeVersion.content,
    resumeVersion.createdAt,
  );
  const [row] = await executeRows<{ id: string | number }>(
    tx,
    sql`insert into ${resumeVersion} (${cols})
      select ${resume.id}, ${resume.userId}, ${resume.title}, ${resume.content}, ${now}::timestamptz
      from ${resume} where ${resume.id} = ${resumeId} and ${resume.userId} = ${userId}
      returning ${resumeVersion.id} as id`,
  );
  return row === undefined ? undefined : Number(row.id);
}
