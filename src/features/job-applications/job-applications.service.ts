import { fieldError, notFound } from "../../core/errors";
import type { Timestamp } from "../../core/timestamps";
import type { FieldCheck } from "../../core/validate";
import type { Db } from "../../db/client";
import {
  insertJobApplication,
  type JobApplicationRow,
  ownsResume,
  updateJobApplication,
} from "./job-applications.queries";
import {
  doesNotExist,
  type JobApplicationInput,
  type JobApplicationJson,
  type Status,
} from "./job-applications.schemas";

export function toJobApplicationJson(row: JobApplicationRow): JobApplicationJson {
  return {
    id: row.id,
    job_title: row.jobTitle,
    company_name: row.companyName,
    original_job_description: row.originalJobDescription,
    date_applied: row.dateApplied,
    status: row.status as Status,
    notes: row.notes,
    is_deleted: row.isDeleted,
    is_example: row.isExample,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    user: row.userId,
    resume_used: row.resumeUsedId,
  };
}

/** Wire names → columns; keys left out of the body stay out of the update. */
function toColumns(input: JobApplicationInput) {
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
export const resumeUsedCheck: FieldCheck = async (c, id) => {
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
  if (!(await ownsResume(tx, { id, userId }, true)))
    throw fieldError("resume_used", doesNotExist(id));
}

export function createJobApplication(
  db: Db,
  userId: number,
  input: JobApplicationInput,
  now: Timestamp,
): Promise<JobApplicationRow> {
  const values = { ...toColumns(input), userId, now };
  // Without a resume to check and lock, the insert alone is atomic: BEGIN and COMMIT would only
  // add two round trips and a pool checkout to every create.
  if (input.resume_used === undefined || input.resume_used === null) {
    return insertJobApplication(db, values, true);
  }
  return db.transaction(async (tx) => {
    await checkResume(tx, userId, input);
    return insertJobApplication(tx, values);
  });
}

export function changeJobApplication(
  db: Db,
  owned: { id: number; userId: number },
  input: JobApplicationInput,
  now: Timestamp,
): Promise<JobApplicationRow> {
  return db.transaction(async (tx) => {
    await checkResume(tx, owned.userId, input);
    const row = await updateJobApplication(tx, owned, toColumns(input), now);
    if (!row) throw notFound();
    return row;
  });
}
