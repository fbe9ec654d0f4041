/**
 * The job-applications feature (`/api/job-applications/**`: the tracker, its timeline, CSV
 * import/export and bulk changes, the copilot's intake and match, the writing of a tailored resume
 * and a cover letter): what the rest of the app may use.
 */
import { bulkRoutes } from "./bulk/bulk.routes";
import { copilotRoutes } from "./copilot/copilot.routes";
import { csvRoutes } from "./csv/csv.routes";
import { applicationInterviewRoutes } from "./interviews/application-interviews.routes";
import { jobApplicationRoutes as trackerRoutes } from "./job-applications.routes";
import { applicationReminderRoutes } from "./reminders/application-reminders.routes";
import { timelineRoutes } from "./timeline/timeline.routes";
import { writingRoutes } from "./writing/writing.routes";

/** Every operation of the feature, in the order the document lists them (literal paths first). */
export const jobApplicationRoutes = [
  ...bulkRoutes,
  ...csvRoutes,
  ...trackerRoutes,
  ...timelineRoutes,
  ...applicationInterviewRoutes,
  ...applicationReminderRoutes,
  ...copilotRoutes,
  ...writingRoutes,
] as const;
export { jobApplicationExample } from "./job-applications.routes";
export { jobApplicationSchema } from "./job-applications.schemas";
export { toJobApplicationJson } from "./job-applications.serializers";
/**
 * Recording a timeline entry in the caller's transaction (the generation's save targets record
 * `resume_tailored` and `cover_letter_written`, the interviews `interview_scheduled`).
 */
export {
  recordTimeline,
  type TimelineEntry,
  type TimelineKind,
  timelineInsertFrom,
} from "./job-applications.timeline";
