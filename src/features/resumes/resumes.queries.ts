import { and, desc, eq } from "drizzle-orm";
import type { RowCheck } from "../../core/etag";
import type { Timestamp } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { jobApplication, resume } from "../../db/schema";
import { emitEvent } from "../webhooks";
import { resumeEventShape } from "./resumes.schemas";
import {
  lockResume,
  moveToTrash,
  type ResumeRow,
  type VersionPolicy,
  writeKeepingVersion,
} from "./resumes.write";

export type { ResumeRow };

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
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(resume)
      .values({ ...rest, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await emitEvent(tx, row.userId, "resume.created", resumeEventShape.serialize(row), now);
    return row;
  });
}

/**
 * A PUT or PATCH: the row locked, the change written, and when the title or content differs, the
 * state it replaces kept as a version (pruned to the policy's bound), in one transaction.
 */
export function updateResume(
  db: Db,
  owned: Owned,
  changes: { title?: string; content?: string },
  policy: VersionPolicy,
  /** The request's If-Match, run on the locked row (core/etag.ts). */
  check?: RowCheck<ResumeRow>,
): Promise<ResumeRow | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockResume(tx, owned);
    if (!before) return undefined;
    if (check) await check(before);
    const next = {
      title: changes.title ?? before.title,
      content: changes.content ?? before.content,
    };
    return writeKeepingVersion(tx, before, next, policy);
  });
}

/**
 * Deletes an owned resume and unlinks the applications that used it, in one transaction: a
 * database created by Django has no ON DELETE SET NULL, so the unlinking is done here. The row
 * leaves resume_resume as in Django, but goes to the trash first, with the ids of the caller's
 * applications that pointed at it (relinked on restore); its versions stay where they are.
 */
export function deleteResume(
  db: Db,
  owned: Owned,
  when: { now: Timestamp; trashDays: number },
  check?: RowCheck<ResumeRow>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await lockResume(tx, owned);
    if (!row) return false;
    if (check) await check(row);
    const unlinked = await tx
      .update(jobApplication)
      .set({ resumeUsedId: null })
      .where(eq(jobApplication.resumeUsedId, row.id))
      .returning({ id: jobApplication.id, userId: jobApplication.userId });
    const linked = unlinked.filter((a) => a.userId === owned.userId).map((a) => a.id);
    await moveToTrash(tx, row, { linked, ...when });
    await tx.delete(resume).where(eq(resume.id, row.id));
    await emitEvent(tx, owned.userId, "resume.deleted", { id: row.id }, when.now);
    return true;
  });
}
