import type { JobApplicationRow } from "./job-applications.queries";
import {
  type JobApplicationJson,
  jobApplicationEventShape,
  jobApplicationShape,
} from "./job-applications.schemas";

/** The row as the API answers it (the shape in job-applications.schemas.ts). */
export const toJobApplicationJson = (row: JobApplicationRow): JobApplicationJson =>
  jobApplicationShape.serialize(row);

/** The row as a webhook event's `data` (job-applications.schemas.ts). */
export const toJobApplicationEventJson = (row: JobApplicationRow) =>
  jobApplicationEventShape.serialize(row);
