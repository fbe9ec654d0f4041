import { notFound } from "../../core/errors";
import type { RowCheck } from "../../core/etag";
import { timestampNow } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { isLiveApplication } from "../../db/live-applications";
import type { Deps } from "../../deps";
import * as queries from "./interviews.queries";
import type { InterviewInput, ListInterviewsQuery } from "./interviews.schemas";

/** Wire names to columns; keys left out of the body stay out of the write. */
function toColumns(input: InterviewInput): queries.InterviewValues {
  const map = {
    scheduledAt: input.scheduled_at,
    durationMinutes: input.duration_minutes,
    kind: input.kind,
    location: input.location,
    notes: input.notes,
    outcome: input.outcome,
  };
  return Object.fromEntries(
    Object.entries(map).filter(([, v]) => v !== undefined),
  ) as queries.InterviewValues;
}

/** The caller's interviews across their applications, in the window, soonest first. */
export const listInterviews = (reader: Db, userId: number, q: ListInterviewsQuery) =>
  queries.listInterviews(reader, {
    userId,
    ...(q.from === undefined ? {} : { from: q.from }),
    ...(q.to === undefined ? {} : { to: q.to }),
  });

/** One application's interviews, soonest first; 404 unless it is the caller's and not deleted. */
export async function listApplicationInterviews(reader: Db, application: Owned) {
  if (!(await isLiveApplication(reader, application))) throw notFound();
  return queries.listInterviews(reader, {
    userId: application.userId,
    jobApplicationId: application.id,
  });
}

/** More work of the same transaction once an interview is in (the timeline's entry). */
export type AfterScheduled = (tx: Db, row: queries.InterviewRow) => Promise<void>;

/**
 * Schedules an interview of an owned, live application (else 404): the one write path of a new
 * interview, in one transaction with the application locked. `after` runs in that transaction,
 * so what it writes lands with the interview or not at all: the application's route hands in
 * the timeline's `interview_scheduled {interview_id}` entry there (issue 23, part B), keeping
 * this feature free of the job-applications face (which imports it: no cycle).
 */
export function scheduleInterview(
  deps: Deps,
  application: Owned,
  input: InterviewInput & { scheduled_at: string },
  after?: AfterScheduled,
) {
  return deps.database.db.transaction(async (tx) => {
    if (!(await isLiveApplication(tx, { ...application, lock: true }))) throw notFound();
    const row = await queries.insertInterview(tx, {
      ...toColumns(input),
      scheduledAt: input.scheduled_at,
      userId: application.userId,
      jobApplicationId: application.id,
      now: timestampNow(deps.clock),
    });
    if (after) await after(tx, row);
    return row;
  });
}

/** An owned interview; another user's, or one of a deleted application, answers 404. */
export async function getInterview(reader: Db, owned: Owned) {
  const row = await queries.findInterview(reader, owned);
  if (!row) throw notFound();
  return row;
}

/** PUT and PATCH: the fields given change, the others stay; `check`: the request's If-Match. */
export async function changeInterview(
  deps: Deps,
  owned: Owned,
  input: InterviewInput,
  check?: RowCheck<queries.InterviewRow>,
) {
  const changes = { ...toColumns(input), now: timestampNow(deps.clock) };
  const row = await queries.updateInterview(deps.database.db, owned, changes, check);
  if (!row) throw notFound();
  return row;
}

export async function deleteInterview(
  deps: Deps,
  owned: Owned,
  check?: RowCheck<queries.InterviewRow>,
) {
  if (!(await queries.deleteInterview(deps.database.db, owned, check))) throw notFound();
}

/** The caller's interviews from `since` on (the calendar feed's window), soonest first. */
export const interviewsSince = (reader: Db, userId: number, since: string, limit: number) =>
  queries.listInterviews(reader, { userId, from: since, limit });
