import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "./client";
import { jobApplication } from "./schema";

/**
 * The tracker's rows (interviews, reminders, contact links) hang off an application: they are
 * the caller's, and visible, only while that application is the caller's and not soft-deleted
 * (a deleted application's rows are hidden, and come back with a restore). One definition for
 * every tracker query, written as `column IN (the caller's live application ids)`.
 */
export const inLiveApplications = (column: AnyPgColumn, userId: number): SQL =>
  sql`${column} in (select ${jobApplication.id} from ${jobApplication}
    where ${jobApplication.userId} = ${userId} and not ${jobApplication.isDeleted})`;

/** The caller's live applications among `ids`. */
const liveAmong = (ids: readonly number[], userId: number) =>
  and(
    inArray(jobApplication.id, [...ids]),
    eq(jobApplication.userId, userId),
    eq(jobApplication.isDeleted, false),
  );

/**
 * Whether the application is the caller's and not deleted; `lock` holds it (FOR SHARE) until the
 * transaction ends, so a concurrent delete cannot slip between the check and a write under it.
 */
export async function isLiveApplication(
  db: Db,
  { id, userId, lock = false }: { id: number; userId: number; lock?: boolean },
): Promise<boolean> {
  const q = db
    .select({ id: jobApplication.id })
    .from(jobApplication)
    .where(liveAmong([id], userId));
  const [row] = await (lock ? q.for("share") : q);
  return row !== undefined;
}

/** Which of `ids` are the caller's live applications (locked FOR SHARE in a transaction). */
export async function liveApplicationIds(
  db: Db,
  { ids, userId }: { ids: readonly number[]; userId: number },
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: jobApplication.id })
    .from(jobApplication)
    .where(liveAmong(ids, userId))
    .for("share");
  return new Set(rows.map((r) => r.id));
}

/** The job title and company of the caller's live applications among `ids` (for summaries). */
export async function liveApplicationTitles(
  db: Db,
  { ids, userId }: { ids: readonly number[]; userId: number },
): Promise<Map<number, { jobTitle: string | null; companyName: string | null }>> {
  if (ids.length === 0) return new Map();
  const { id, jobTitle, companyName } = jobApplication;
  const rows = await db
    .select({ id, jobTitle, companyName })
    .from(jobApplication)
    .where(liveAmong(ids, userId));
  return new Map(rows.map(({ id, ...titles }) => [id, titles]));
}
