import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import type { Db } from "../../db/client";
import { jobApplication, timelineEvent } from "../../db/schema";
import { columnList } from "../../db/sql";
import { keepResumeVersion } from "../resumes";

export type TimelineRow = typeof timelineEvent.$inferSelect;

/** Every kind of entry (docs/API.md, Tracker). */
export const TIMELINE_KINDS = [
  "created",
  "status_changed",
  "interview_scheduled",
  "note",
  "resume_tailored",
  "cover_letter_written",
  "resume_sent",
  "deleted",
  "restored",
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One entry to record: which application (of which user), what, when, and its small data. */
export interface TimelineEntry {
  applicationId: number;
  userId: number;
  kind: TimelineKind;
  at: Timestamp;
  data?: Record<string, unknown>;
  /** The resume version a `resume_sent` entry keeps (its pruning skips it). */
  resumeVersionId?: number | null;
}

/**
 * Records entries in the caller's transaction (or as one statement on the pool), so an entry
 * commits with the change it describes or not at all. The caller has checked that the
 * application is the user's (it just read or wrote it under the same owner filter).
 */
export async function recordTimeline(
  db: Db,
  entries: TimelineEntry | readonly TimelineEntry[],
): Promise<TimelineRow[]> {
  const list = Array.isArray(entries) ? entries : [entries as TimelineEntry];
  if (list.length === 0) return [];
  return db
    .insert(timelineEvent)
    .values(
      list.map((e) => ({
        jobApplicationId: e.applicationId,
        userId: e.userId,
        kind: e.kind,
        at: e.at,
        data: e.data ?? {},
        resumeVersionId: e.resumeVersionId ?? null,
      })),
    )
    .returning();
}

/**
 * The insert of one entry as SQL over a row source (a CTE name such as `prev`), for statements
 * that record their entry in the same statement as their change: `select` lists, in order, the
 * application id, the user id, the kind, the time and the data (jsonb), read from `from`.
 */
export function timelineInsertFrom(select: SQL, from: SQL): SQL {
  const cols = columnList(
    timelineEvent.jobApplicationId,
    timelineEvent.userId,
    timelineEvent.kind,
    timelineEvent.at,
    timelineEvent.data,
  );
  return sql`insert into ${timelineEvent} (${cols}) select ${select} from ${from}`;
}

/**
 * The most entries one timeline answer holds: notes and status changes have no count of their
 * own, so an old application's history could grow without end (docs/LIMITS.md).
 */
export const TIMELINE_CAP = 1000;

/**
 * An application's newest TIMELINE_CAP entries, oldest first; the owner filter is on the
 * application.
 */
export async function listTimeline(db: Db, { id, userId }: { id: number; userId: number }) {
  const newest = await db
    .select({
      id: timelineEvent.id,
      kind: timelineEvent.kind,
      at: timelineEvent.at,
      data: timelineEvent.data,
    })
    .from(timelineEvent)
    .innerJoin(jobApplication, eq(jobApplication.id, timelineEvent.jobApplicationId))
    .where(
      and(
        eq(timelineEvent.jobApplicationId, id),
        eq(jobApplication.userId, userId),
        eq(jobApplication.isDeleted, false),
      ),
    )
    .orderBy(desc(timelineEvent.at), desc(timelineEvent.id))
    .limit(TIMELINE_CAP);
  return newest.reverse();
}

/** The status an entry put its application in (`created` and `status_changed` entries). */
const enteredStatus = sql`coalesce(${timelineEvent.data}->>'to', ${timelineEvent.data}->>'status')`;

/** Whether a live application is, or its timeline shows it was, in one of `statuses`. */
const reached = (statuses: string[]) =>
  sql`(${jobApplication.status} in ${statuses} or exists (
    select 1 from ${timelineEvent}
    where ${timelineEvent.jobApplicationId} = ${jobApplication.id}
      and ${timelineEvent.kind} in ('created', 'status_changed')
      and ${enteredStatus} in ${statuses}))`;

/**
 * The funnel of the user's live applications: all of them (applied), those that reached an
 * interview (Interviewing, or Offer, which comes after it), and those that reached an offer.
 */
export async function funnelCounts(db: Db, { userId }: { userId: number }) {
  const [row] = await db
    .select({
      applied: sql<number>`count(*)::int`,
      interviewing: sql<number>`(count(*) filter (where ${reached(["Interviewing", "Offer"])}))::int`,
      offer: sql<number>`(count(*) filter (where ${reached(["Offer"])}))::int`,
    })
    .from(jobApplication)
    .where(and(eq(jobApplication.userId, userId), eq(jobApplication.isDeleted, false)));
  return {
    applied: row?.applied ?? 0,
    interviewing: row?.interviewing ?? 0,
    offer: row?.offer ?? 0,
  };
}

/** `interview_scheduled` entries per UTC day from `from` to `to` (inclusive, `YYYY-MM-DD`). */
export function interviewsByDay(
  db: Db,
  { userId, from, to }: { userId: number; from: string; to: string },
) {
  const day = sql<string>`(${timelineEvent.at} at time zone 'UTC')::date`;
  return db
    .select({ day: sql<string>`(${day})::text`, n: sql<number>`count(*)::int` })
    .from(timelineEvent)
    .where(
      and(
        eq(timelineEvent.userId, userId),
        eq(timelineEvent.kind, "interview_scheduled"),
        sql`${day} >= ${from}::date`,
        sql`${day} <= ${to}::date`,
      ),
    )
    .groupBy(day);
}

/**
 * When an application has just become `Applied` with a `resume_used` (created so, or its status
 * or resume changed), keeps that resume's state as a version and records `resume_sent` naming
 * it, in the caller's transaction: what was sent stays readable after later edits.
 */
export async function keepSentResume(
  tx: Db,
  change: {
    row: { id: number; userId: number; status: string; resumeUsedId: number | null };
    prevStatus: string | null;
    prevResume: number | null;
    now: Timestamp;
  },
): Promise<void> {
  const { row, prevStatus, prevResume, now } = change;
  const resumeId = row.resumeUsedId;
  if (row.status !== "Applied" || resumeId === null) return;
  if (prevStatus === "Applied" && prevResume === resumeId) return;
  const versionId = await keepResumeVersion(tx, { resumeId, userId: row.userId, now });
  if (versionId === undefined) return;
  await recordTimeline(tx, {
    applicationId: row.id,
    userId: row.userId,
    kind: "resume_sent",
    at: now,
    data: { resume_id: resumeId, version_id: versionId },
    resumeVersionId: versionId,
  });
}
