import { and, asc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { RowCheck } from "../../core/etag";
import type { Timestamp } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { inLiveApplications } from "../../db/live-applications";
import { interview } from "../../db/schema";

export type InterviewRow = typeof interview.$inferSelect;
export type InterviewValues = Partial<
  Pick<
    typeof interview.$inferInsert,
    "scheduledAt" | "durationMinutes" | "kind" | "location" | "notes" | "outcome"
  >
>;

/** Lists answer at most this many rows (the soonest first): docs/API.md, Tracker. */
export const INTERVIEW_LIST_CAP = 1000;

/** The caller's interview, while its application is the caller's and not deleted. */
const owned = ({ id, userId }: Owned): SQL | undefined =>
  and(
    eq(interview.id, id),
    eq(interview.userId, userId),
    inLiveApplications(interview.jobApplicationId, userId),
  );

const soonestFirst = [asc(interview.scheduledAt), asc(interview.id)];

/** The caller's interviews in `[from, to)` over live applications, soonest first. */
export function listInterviews(
  db: Db,
  q: {
    userId: number;
    from?: Timestamp;
    to?: Timestamp;
    jobApplicationId?: number;
    /** At most this many (never more than the list cap). */
    limit?: number;
  },
): Promise<InterviewRow[]> {
  return db
    .select()
    .from(interview)
    .where(
      and(
        eq(interview.userId, q.userId),
        inLiveApplications(interview.jobApplicationId, q.userId),
        q.from === undefined ? undefined : gte(interview.scheduledAt, q.from),
        q.to === undefined ? undefined : lt(interview.scheduledAt, q.to),
        q.jobApplicationId === undefined
          ? undefined
          : eq(interview.jobApplicationId, q.jobApplicationId),
      ),
    )
    .orderBy(...soonestFirst)
    .limit(Math.min(q.limit ?? INTERVIEW_LIST_CAP, INTERVIEW_LIST_CAP));
}

export async function findInterview(db: Db, key: Owned): Promise<InterviewRow | undefined> {
  const [row] = await db.select().from(interview).where(owned(key));
  return row;
}

export async function insertInterview(
  db: Db,
  values: InterviewValues & {
    scheduledAt: Timestamp;
    userId: number;
    jobApplicationId: number;
    now: Timestamp;
  },
): Promise<InterviewRow> {
  const { now, ...fields } = values;
  const [row] = await db
    .insert(interview)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error("interview insert returned no row");
  return row;
}

/**
 * Runs `write` after `check` (the request's If-Match) passed on the owned row, locked FOR UPDATE
 * in one transaction, so no other write lands between the check and this one; without a check,
 * `write` alone (one statement).
 */
async function checked<T>(
  db: Db,
  key: Owned,
  check: RowCheck<InterviewRow> | undefined,
  write: (db: Db) => Promise<T>,
): Promise<T | undefined> {
  if (!check) return write(db);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(interview).where(owned(key)).for("update");
    if (!current) return undefined;
    await check(current);
    return write(tx);
  });
}

export function updateInterview(
  db: Db,
  key: Owned,
  changes: InterviewValues & { now: Timestamp },
  check?: RowCheck<InterviewRow>,
): Promise<InterviewRow | undefined> {
  const { now, ...fields } = changes;
  return checked(db, key, check, async (d) => {
    const [row] = await d
      .update(interview)
      .set({ ...fields, updatedAt: now })
      .where(owned(key))
      .returning();
    return row;
  });
}

export async function deleteInterview(
  db: Db,
  key: Owned,
  check?: RowCheck<InterviewRow>,
): Promise<boolean> {
  const deleted = await checked(db, key, check, async (d) => {
    const rows = await d.delete(interview).where(owned(key)).returning({ id: interview.id });
    return rows.length > 0;
  });
  return deleted ?? false;
}
