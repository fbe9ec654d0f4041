import type { JobApplicationRow } from "./job-applications.queries";
import type { JobApplicationJson, Status } from "./job-applications.schemas";

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
