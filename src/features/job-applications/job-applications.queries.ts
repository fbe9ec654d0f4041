import { and, asc, count, desc, eq, getTableColumns, or, type SQL, sql } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import { type Db, executeRows, type Owned } from "../../db/client";
import { preparedSql } from "../../db/prepared";
import { jobApplication, resume } from "../../db/schema";
import { bare, columnList, containsCi, rowFromDriver } from "../../db/sql";
import { eventDeliveriesSql } from "../webhooks";
import { jobApplicationEventShape, jobApplicationShape } from "./job-applications.schemas";
import { timelineInsertFrom } from "./job-applications.timeline";

export type JobApplicationRow = typeof jobApplication.$inferSelect;
type NewRow = typeof jobApplication.$inferInsert;
type Changes = Partial<
  Pick<
    NewRow,
    | "jobTitle"
    | "companyName"
    | "originalJobDescription"
    | "dateApplied"
    | "status"
    | "notes"
    | "resumeUsedId"
  >
>;

export const ORDERABLE = {
  date_applied: jobApplication.dateApplied,
  created_at: jobApplication.createdAt,
  updated_at: jobApplication.updatedAt,
  company_name: jobApplication.companyName,
} as const;
export type OrderKey = keyof typeof ORDERABLE;
export interface OrderTerm {
  key: OrderKey;
  desc: boolean;
}

export interface Page {
  limit: number;
  offset: number;
}

export interface ListFilter {
  userId: number;
  deleted: boolean;
  status?: string;
  /** Every term must match one of the searched columns (DRF SearchFilter). */
  terms: string[];
}

function listWhere(f: ListFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    eq(jobApplication.userId, f.userId),
    eq(jobApplication.isDeleted, f.deleted),
    f.status ? eq(jobApplication.status, f.status) : undefined,
  ];
  for (const term of f.terms) {
    parts.push(
      or(
        containsCi(jobApplication.jobTitle, term),
        containsCi(jobApplication.companyName, term),
        containsCi(jobApplication.notes, term),
        containsCi(jobApplication.originalJobDescription, term),
      ),
    );
  }
  return and(...parts);
}

const isDefaultOrder = (order: OrderTerm[]) =>
  order.length === 1 && order[0]?.key === "created_at" && order[0].desc;

/** The list as the app's own pages ask for it: unpaginated, unfiltered, newest first. */
export const isPlainList = (f: ListFilter, order: OrderTerm[], page?: unknown) =>
  !page && !f.status && f.terms.length === 0 && isDefaultOrder(order);

/**
 * The plain list as the response's JSON text, written by PostgreSQL: one text value crosses the
 * wire instead of 20 rows of 13 columns that the driver parses, drizzle maps and the route turns
 * into objects and back into JSON (most of a signed-in list's CPU, see BENCHMARKS.md). The text
 * is the same, byte for byte, as `JSON.stringify(rows.map(toJobApplicationJson))` (keys in that
 * order, row_to_json's compact form, timestamps as `drfTimestamp` writes them), which
 * test/app/job-applications-json.test.ts checks against that path on tricky rows.
 */
export async function listJobApplicationsJson(
  db: Db,
  { userId, deleted }: { userId: number; deleted: boolean },
) {
  const [row] = await preparedSql<{ userId: number; deleted: boolean }>(
    db,
    "job_applications_list_json",
    plainListJson,
  ).rows<{ body: string }>({ userId, deleted });
  return row?.body ?? "[]";
}

function plainListJson(v: (name: "userId" | "deleted") => unknown) {
  const j = jobApplication;
  return sql`select '[' || coalesce(string_agg(x.j, ',' order by x.created_at desc, x.id desc), '') || ']' as body
    from (
      select ${j.createdAt} as created_at, ${j.id} as id, row_to_json(r)::text as j
      from ${j}, lateral (select ${jobApplicationShape.jsonColumns(getTableColumns(j))}) r
      where ${j.userId} = ${v("userId")} and ${j.isDeleted} = ${v("deleted")}
    ) x`;
}

export function listJobApplications(
  db: Db,
  { filter: f, order, page }: { filter: ListFilter; order: OrderTerm[]; page?: Page },
): Promise<JobApplicationRow[]> {
  const by = order.map((o) => (o.desc ? desc(ORDERABLE[o.key]) : asc(ORDERABLE[o.key])));
  // The id breaks ties in the first term's direction, so pages never overlap or skip rows.
  const tie = order[0]?.desc === false ? asc(jobApplication.id) : desc(jobApplication.id);
  const q = db
    .select()
    .from(jobApplication)
    .where(listWhere(f))
    .orderBy(...by, tie);
  return page ? q.limit(page.limit).offset(page.offset) : q;
}

export async function countJobApplications(db: Db, f: ListFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(jobApplication).where(listWhere(f));
  return row?.n ?? 0;
}

const live = ({ id, userId }: Owned) =>
  and(
    eq(jobApplication.id, id),
    eq(jobApplication.userId, userId),
    eq(jobApplication.isDeleted, false),
  );

/** The owned live row; `lock` holds it (FOR UPDATE) until the transaction ends. */
export async function findJobApplication(db: Db, owned: Owned, lock = false) {
  const q = db.select().from(jobApplication).where(live(owned));
  const [row] = await (lock ? q.for("update") : q);
  return row;
}

/** The live owned row, locked FOR UPDATE until the transaction ends (a conditional write). */
export async function lockJobApplication(tx: Db, owned: Owned) {
  const [row] = await tx.select().from(jobApplication).where(live(owned)).for("update");
  return row;
}

/** Whether the resume is the caller's; `lock` holds it (FOR SHARE) until the transaction ends. */
export async function ownsResume(
  db: Db,
  { id, userId, lock = false }: Owned & { lock?: boolean },
): Promise<boolean> {
  const q = db
    .select({ id: resume.id })
    .from(resume)
    .where(and(eq(resume.id, id), eq(resume.userId, userId)));
  const [row] = await (lock ? q.for("share") : q);
  return Boolean(row);
}

type CreateValues = Required<Changes> & { userId: number; now: Timestamp };

/** The `created` timeline entry of the rows a CTE (`ins`) inserted, in the same statement. */
const createdEntry = timelineInsertFrom(
  sql`ins.id, ins.user_id, 'created', ins.created_at, jsonb_build_object('status', ins.status)`,
  sql`ins`,
);

/**
 * The create as one fixed statement: the insert, in a CTE its `created` timeline entry, and in
 * another the `job_application.created` outbox rows for the owner's subscribed webhooks (none
 * without one), so the entry and the event land with the row or not at all without a BEGIN and
 * COMMIT (two round trips and a pool checkout more on every create; BENCHMARKS.md). Every column is set, a field the client left out to what the
 * table's default would give (null, or "Applied" for the status). The event's `data` is written
 * by PostgreSQL from the inserted row (the CTE named as the table, so the shape's column
 * references resolve to it).
 */
function createStatement(v: (name: keyof CreateValues & string) => unknown): SQL {
  const j = jobApplication;
  const event = sql`(select row_to_json(r)::text from ins as ${j}, lateral (select ${jobApplicationEventShape.jsonColumns(getTableColumns(j))}) r)`;
  return sql`with ins as (
      insert into ${j} (${columnList(j.jobTitle, j.companyName, j.originalJobDescription, j.dateApplied, j.status, j.notes, j.resumeUsedId, j.userId, j.isDeleted, j.isExample, j.createdAt, j.updatedAt)})
      values (${v("jobTitle")}, ${v("companyName")}, ${v("originalJobDescription")}, ${v("dateApplied")}, ${v("status")}, ${v("notes")}, ${v("resumeUsedId")}, ${v("userId")}, false, false, ${v("now")}, ${v("now")})
      returning *
    ), created_entry as (${createdEntry}), hooked as (${eventDeliveriesSql({
      userId: sql`${v("userId")}::int`,
      type: "job_application.created",
      data: event,
      now: sql`${v("now")}::timestamptz`,
    })})
    select * from ins`;
}

/**
 * Inserts an application and records its `created` timeline entry and webhook event: the
 * statement is rendered once per process and prepared per database handle, a transaction's
 * included (building it was the largest entry of a create's profile, see BENCHMARKS.md).
 */
export async function insertJobApplication(
  db: Db,
  values: Changes & { userId: number; now: Timestamp },
): Promise<JobApplicationRow> {
  const params: CreateValues = {
    jobTitle: values.jobTitle ?? null,
    companyName: values.companyName ?? null,
    originalJobDescription: values.originalJobDescription ?? null,
    dateApplied: values.dateApplied ?? null,
    status: values.status ?? "Applied",
    notes: values.notes ?? null,
    resumeUsedId: values.resumeUsedId ?? null,
    userId: values.userId,
    now: values.now,
  };
  const rows = await preparedSql<CreateValues>(db, "job_applications_create", createStatement).rows<
    Record<string, unknown>
  >(params);
  const [raw] = rows;
  if (!raw) throw new Error("insert returned no row");
  return rowFromDriver(jobApplication, raw);
}

/**
 * Several applications of one user (a CSV import) and their `created` entries, in one
 * statement. The rows travel as one JSON parameter read by `jsonb_to_recordset`: a VALUES list
 * of 500 rows was 6,000 parameters that drizzle builds and the server binds one by one
 * (BENCHMARKS.md, issue 23). Returns the new rows, ascending by id (the rows' order).
 */
export async function insertJobApplications(
  db: Db,
  { userId, now, rows }: { userId: number; now: Timestamp; rows: Changes[] },
): Promise<JobApplicationRow[]> {
  if (rows.length === 0) return [];
  const j = jobApplication;
  const data = JSON.stringify(
    rows.map((r) => ({
      job_title: r.jobTitle ?? null,
      company_name: r.companyName ?? null,
      description: r.originalJobDescription ?? null,
      date_applied: r.dateApplied ?? null,
      status: r.status ?? "Applied",
      notes: r.notes ?? null,
    })),
  );
  const cols = columnList(
    j.jobTitle,
    j.companyName,
    j.originalJobDescription,
    j.dateApplied,
    j.status,
    j.notes,
    j.userId,
    j.isDeleted,
    j.isExample,
    j.createdAt,
    j.updatedAt,
  );
  const entry = timelineInsertFrom(
    sql`ins.id, ins.user_id, 'created', ins.created_at, jsonb_build_object('status', ins.status)`,
    sql`ins`,
  );
  const out = await executeRows<Record<string, unknown>>(
    db,
    sql`with ins as (
      insert into ${j} (${cols})
      select t.job_title, t.company_name, t.description, t.date_applied::date, t.status, t.notes,
        ${userId}::int, false, false, ${now}::timestamptz, ${now}::timestamptz
      from rows from (jsonb_to_recordset(${data}::jsonb) as (job_title text, company_name text,
        description text, date_applied text, status text, notes text))
        with ordinality as t(job_title, company_name, description, date_applied, status, notes, n)
      order by t.n
      returning *
    ), created_entry as (${entry})
    select * from ins order by id`,
  );
  return out.map((r) => rowFromDriver(j, r));
}

/** What a change wrote, and the status and resume the row had before it. */
export type ChangedRow = JobApplicationRow & { prevStatus: string; prevResume: number | null };

/** The columns a change may set, each with its flag: "this change sets it". */
const CHANGEABLE = [
  ["jobTitle", jobApplication.jobTitle],
  ["companyName", jobApplication.companyName],
  ["originalJobDescription", jobApplication.originalJobDescription],
  ["dateApplied", jobApplication.dateApplied],
  ["status", jobApplication.status],
  ["notes", jobApplication.notes],
  ["resumeUsedId", jobApplication.resumeUsedId],
] as const;
type ChangeKey = (typeof CHANGEABLE)[number][0];
type UpdateValues = { [K in ChangeKey]: unknown } & { [K in ChangeKey as `set_${K}`]: boolean } & {
  id: number;
  userId: number;
  now: Timestamp;
};

/**
 * The update as one fixed statement (prepared, its text rendered once): `prev` locks the owned
 * live row and reads the status and resume it had, `status_entry` records `status_changed` when
 * the status moves, and the update sets each column its flag names (the others keep their
 * value). Building the update through drizzle's builders per call cost about three times the
 * timeline entry it carries (BENCHMARKS.md #33).
 */
function updateStatement(v: (name: keyof UpdateValues & string) => unknown): SQL {
  const j = jobApplication;
  const sets = CHANGEABLE.map(
    ([key, col]) =>
      sql`${bare(col)} = case when ${v(`set_${key}`)}::boolean then ${v(key)} else ${bare(col)} end`,
  );
  const entry = timelineInsertFrom(
    sql`prev.id, prev.user_id, 'status_changed', ${v("now")}::timestamptz,
      jsonb_build_object('from', prev.prev_status, 'to', ${v("status")}::text)`,
    sql`prev where ${v("set_status")}::boolean and prev.prev_status <> ${v("status")}::text`,
  );
  return sql`with prev as (
      select ${bare(j.id)} as id, ${bare(j.userId)} as user_id, ${bare(j.status)} as prev_status,
        ${bare(j.resumeUsedId)} as prev_resume
      from ${j}
      where ${bare(j.id)} = ${v("id")}::bigint and ${bare(j.userId)} = ${v("userId")}::int
        and ${bare(j.isDeleted)} = false
      for update
    ), status_entry as (${entry})
    update ${j} set ${sql.join(sets, sql`, `)}, ${bare(j.updatedAt)} = ${v("now")}::timestamptz
    from prev where ${j}.${bare(j.id)} = prev.id
    returning ${j}.*, prev.prev_status, prev.prev_resume`;
}

/**
 * Updates an owned live row and, when its status changes, records `status_changed` in the same
 * statement: exactly one entry per change, committed with it, whatever path changed it.
 */
export async function updateJobApplication(
  db: Db,
  { owned, changes, now }: { owned: Owned; changes: Changes; now: Timestamp },
): Promise<ChangedRow | undefined> {
  const values: Record<string, unknown> = { id: owned.id, userId: owned.userId, now };
  for (const [key] of CHANGEABLE) {
    const given = changes[key] !== undefined;
    values[`set_${key}`] = given;
    values[key] = given ? changes[key] : null;
  }
  const [raw] = await preparedSql<UpdateValues>(
    db,
    "job_applications_update",
    updateStatement,
  ).rows<Record<string, unknown>>(values as UpdateValues);
  if (!raw) return undefined;
  const prevResume = raw.prev_resume;
  return {
    ...rowFromDriver(jobApplication, raw),
    prevStatus: String(raw.prev_status),
    prevResume: prevResume === null || prevResume === undefined ? null : Number(prevResume),
  };
}

/**
 * Soft delete (or restore): only flips rows of the caller that are in the other state, and
 * records `deleted` (or `restored`) in the same statement.
 */
export async function setJobApplicationDeleted(
  db: Db,
  { owned: { id, userId }, deleted, now }: { owned: Owned; deleted: boolean; now: Timestamp },
) {
  const upd = db.$with("upd").as(
    db
      .update(jobApplication)
      .set({ isDeleted: deleted, updatedAt: now })
      .where(
        and(
          eq(jobApplication.id, id),
          eq(jobApplication.userId, userId),
          eq(jobApplication.isDeleted, !deleted),
        ),
      )
      .returning(),
  );
  const kind = deleted ? "deleted" : "restored";
  const entry = db
    .$with("entry", {})
    .as(
      timelineInsertFrom(
        sql`upd.id, upd.user_id, ${kind}::text, ${now}::timestamptz, '{}'::jsonb`,
        sql`upd`,
      ),
    );
  const [row] = await db.with(upd, entry).select().from(upd);
  return row;
}

export async function countByStatus(db: Db, { userId }: { userId: number }) {
  return db
    .select({ status: jobApplication.status, n: count() })
    .from(jobApplication)
    .where(and(eq(jobApplication.userId, userId), eq(jobApplication.isDeleted, false)))
    .groupBy(jobApplication.status);
}

/**
 * Applications per day since `from` (inclusive, `YYYY-MM-DD`): the day applied, or the UTC day
 * it was recorded when no date was given.
 */
export async function countByDay(
  db: Db,
  { userId, from, to }: { userId: number; from: string; to: string },
) {
  const day = sql<string>`coalesce(${jobApplication.dateApplied}, (${jobApplication.createdAt} at time zone 'UTC')::date)`;
  return db
    .select({ day: sql<string>`(${day})::text`, n: count() })
    .from(jobApplication)
    .where(
      and(
        eq(jobApplication.userId, userId),
        eq(jobApplication.isDeleted, false),
        sql`${day} >= ${from}::date`,
        sql`${day} <= ${to}::date`,
      ),
    )
    .groupBy(day);
}
