import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import type { Db } from "../../../db/client";
import { resume, shareLink } from "../../../db/schema";

export function insertShareLink(
  db: Db,
  values: {
    resumeId: number;
    userId: number;
    tokenHash: string;
    passwordHash: string | null;
    expiresAt: Date | null;
    now: Timestamp;
  },
): Promise<unknown> {
  const { now, ...rest } = values;
  return db.insert(shareLink).values({ ...rest, createdAt: now });
}

/** Revokes every link of a resume (the rows go: a revoked token is then simply unknown). */
export function deleteShareLinks(
  db: Db,
  { resumeId, userId }: { resumeId: number; userId: number },
): Promise<unknown> {
  return db
    .delete(shareLink)
    .where(and(eq(shareLink.resumeId, resumeId), eq(shareLink.userId, userId)));
}

export interface SharedRow {
  passwordHash: string | null;
  /** Whose link: failed password guesses also count over all of an owner's links. */
  ownerId: number;
  title: string;
  content: string;
  updatedAt: Timestamp;
}

/** The resume behind a live link (not expired at `now`); undefined for any other token. */
export async function findShared(
  db: Db,
  { tokenHash, now }: { tokenHash: string; now: Date },
): Promise<SharedRow | undefined> {
  const [row] = await db
    .select({
      passwordHash: shareLink.passwordHash,
      ownerId: shareLink.userId,
      title: resume.title,
      content: resume.content,
      updatedAt: resume.updatedAt,
    })
    .from(shareLink)
    .innerJoin(resume, and(eq(resume.id, shareLink.resumeId), eq(resume.userId, shareLink.userId)))
    .where(
      and(
        eq(shareLink.tokenHash, tokenHash),
        or(isNull(shareLink.expiresAt), gt(shareLink.expiresAt, now)),
      ),
    );
  return row;
}
