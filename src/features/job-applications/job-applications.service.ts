import type { AppEnv } from "../../app-env";
import { fieldError, notFound } from "../../core/errors";
import type { RowCheck } from "../../core/etag";
import { timestampNow } from "../../core/timestamps";
import type { FieldCheck } from "../../core/validate";
import type { Db, Owned } from "../../db/client";
import { isReplicaSet } from "../../db/prepared";
import type { Deps } from "../../deps";
import { emitEvents, type WebhookEvent } from "../webhooks";
import { pageLinks, parseOrdering, parsePage } from "./job-applications.listing";
import {
  countJobApplications,
  findJobApplication,
  insertJobApplication,
  isPlainList,
  type JobApplicationRow,
  type ListFilter,
  listJobApplications,
  listJobApplicationsJson,
  lockJobApplication,
  ownsResume,
  setJobApplicationDeleted,
  updateJobApplication,
} from "./job-applications.queries";
import {
  doesNotExist,
  type JobApplicationInput,
  type ListJobApplicationsQuery,
  searchTerms,
} from "./job-applications.schemas";
import { toJobApplicationEventJson } from "./job-applications.serializers";
import { jobApplicationStats } from "./job-applications.stats";
import { keepSentResume } from "./job-applications.timeline";

const now = (deps: Deps) => timestampNow(deps.clock);

/**
 * One list request's answer: the plain list as JSON text written by PostgreSQL, or rows (all,
 * or a page with its count and links).
 */
export type JobApplicationList =
  | { kind: "json"; text: string }
  | { kind: "rows"; rows: JobApplicationRow[] }
  | {
      kind: "page";
      count: number;
      next: string | null;
      previous: string | null;
      rows: JobApplicationRow[];
    };

/** The list's filters (`?status=`, `?search=`, `?deleted=`) over the caller's rows. */
export const toListFilter = (userId: number, q: ListJobApplicationsQuery): ListFilter => ({
  userId,
  deleted: q.deleted === "true" || q.deleted === "True" || q.deleted === "1",
  ...(q.status ? { status: q.status } : {}),
  terms: searchTerms(q.search),
});

/** The caller's rows the list's filters and ordering select, at most `limit` of them. */
export const listForExport = (
  reader: Db,
  userId: number,
  q: ListJobApplicationsQuery,
  limit: number,
) =>
  listJobApplications(reader, {
    filter: toListFilter(userId, q),
    order: parseOrdering(q.ordering),
    page: { limit, offset: 0 },
  });

/** DRF's filters, ordering and optional pagination over the caller's applications. */
export async function listOwnJobApplications(
  db: Db,
  userId: number,
  q: ListJobApplicationsQuery,
  /** The request's URL and what absolute links start with (`linkBase`). */
  links: { url: string; base: string },
): Promise<JobApplicationList> {
  const filter = toListFilter(userId, q);
  const order = parseOrdering(q.ordering);
  const page = parsePage(q.limit, q.offset);
  // On a replica set a raw statement would go to the primary: there the rows come as rows.
  if (isPlainList(filter, order, page) && !isReplicaSet(db)) {
    const text = await listJobApplicationsJson(db, filter);
    return { kind: "json", text };
  }
  if (!page) return { kind: "rows", rows: await listJobApplications(db, { filter, order }) };
  const [count, rows] = await Promise.all([
    countJobApplications(db, filter),
    listJobApplications(db, { filter, order, page }),
  ]);
  return { kind: "page", count, ...pageLinks(links, page, count), rows };
}

export async function getJobApplication(reader: Db, owned: Owned) {
  const row = await findJobApplication(reader, owned);
  if (!row) throw notFound();
  return row;
}

export const jobApplicationStatsFor = (deps: Deps, reader: Db, userId: number) =>
  jobApplicationStats(reader, userId, deps.clock.now());

/**
 * Soft delete (`deleted`) or restore; 404 unless the row is the caller's, in the other state.
 * Webhooks hear `job_application.deleted` (its id), or `updated` for a restore.
 */
export function setDeleted(
  deps: Deps,
  owned: Owned,
  deleted: boolean,
  check?: RowCheck<JobApplicationRow>,
) {
  return deps.database.db.transaction(async (tx) => {
    if (check) await checkLocked(tx, owned, check);
    const row = await setJobApplicationDeleted(tx, { owned, deleted, now: now(deps) });
    if (!row) throw notFound();
    const event = deleted
      ? { type: "job_application.deleted" as const, data: { id: row.id } }
      : { type: "job_application.updated" as const, data: toJobApplicationEventJson(row) };
    await emitEvents(tx, owned.userId, [event], row.updatedAt);
    return row;
  });
}

/** The request's If-Match on the live row, locked for the rest of the transaction; 404 if none. */
async function checkLocked(tx: Db, owned: Owned, check: RowCheck<JobApplicationRow>) {
  const current = await lockJobApplication(tx, owned);
  if (!current) throw notFound();
  await check(current);
  return current;
}

/** Wire names → columns; keys left out of the body stay out of the update. */
export function toColumns(input: JobApplicationInput) {
  const map = {
    jobTitle: input.job_title,
    companyName: input.company_name,
    originalJobDescription: input.original_job_description,
    dateApplied: input.date_applied,
    status: input.status,
    notes: input.notes,
    resumeUsedId: input.resume_used,
  };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined)) as Partial<
    typeof map
  >;
}

/** `resume_used` beside the other fields' errors (DRF's PrimaryKeyRelatedField, owner-scoped). */
export const resumeUsedCheck: FieldCheck<AppEnv> = async (c, id) => {
  const user = c.get("user");
  if (typeof id !== "number" || !user) return null;
  return (await ownsResume(c.env.deps.database.db, { id, userId: user.id }))
    ? null
    : doesNotExist(id);
};

/** `resume_used` must be one of the caller's resumes (checked and locked in the transaction). */
async function checkResume(tx: Db, userId: number, input: JobApplicationInput) {
  const id = input.resume_used;
  if (id === undefined || id === null) return;
  if (!(await ownsResume(tx, { id, userId, lock: true })))
    throw fieldError("resume_used", doesNotExist(id));
}

export function createJobApplication(
  deps: Deps,
  userId: number,
  input: JobApplicationInput,
): Promise<JobApplicationRow> {
  const { db } = deps.database;
  const values = { ...toColumns(input), userId, now: now(deps) };
  // Without a resume to check and lock, the insert (and its timeline entry, same statement) is
  // atomic alone: BEGIN and COMMIT would only add two round trips and a pool checkout.
  if (input.resume_used === undefined || input.resume_used === null) {
    return insertJobApplication(db, values);
  }
  return db.transaction(async (tx) => {
    await checkResume(tx, userId, input);
    const row = await insertJobApplication(tx, values);
    await keepSentResume(tx, { row, prevStatus: null, prevResume: null, now: values.now });
    return row;
  });
}

export function changeJobApplication(
  deps: Deps,
  owned: Owned,
  input: JobApplicationInput,
  check?: RowCheck<JobApplicationRow>,
): Promise<JobApplicationRow> {
  return deps.database.db.transaction(async (tx) => {
    // If-Match checks the row as it was, locked; the update's own statement locks it too and
    // reads the status it replaces (`status_changed`, on the timeline and to webhooks).
    if (check) await checkLocked(tx, owned, check);
    await checkResume(tx, owned.userId, input);
    const changes = toColumns(input);
    const at = now(deps);
    const changed = await updateJobApplication(tx, { owned, changes, now: at });
    if (!changed) throw notFound();
    const { prevStatus, prevResume, ...row } = changed;
    await keepSentResume(tx, { row, prevStatus, prevResume, now: at });
    await emitEvents(tx, owned.userId, changeEvents(row, prevStatus), row.updatedAt);
    return row;
  });
}

/** `updated`, and `status_changed` `{id, from, to}` when the status moved. */
function changeEvents(row: JobApplicationRow, before: string | undefined): WebhookEvent[] {
  const events: WebhookEvent[] = [
    { type: "job_application.updated", data: toJobApplicationEventJson(row) },
  ];
  if (before !== undefined && before !== row.status)
    events.push({
      type: "job_application.status_changed",
      data: { id: row.id, from: before, to: row.status },
    });
  return events;
}
