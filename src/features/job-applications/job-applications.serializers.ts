import type { JobApplicationRow } from "./job-applications.queries";
import { type JobApplicationJson, jobApplicationShape } from "./job-applications.schemas";

/** The row as the API answers it (the shape in job-applications.schemas.ts). */
export const toJobApplicationJson = (row: JobApplicationRow): JobApplicationJson =>
  jobApplicationShape.serialize(row);
