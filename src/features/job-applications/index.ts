/**
 * The job-applications feature (`/api/job-applications/**`: the tracker, the copilot's intake and
 * match, the writing of a tailored resume and a cover letter): what the rest of the app may use.
 */
import { copilotRoutes } from "./copilot/copilot.routes";
import { applicationInterviewRoutes } from "./interviews/application-interviews.routes";
import { jobApplicationRoutes as trackerRoutes } from "./job-applications.routes";
import { applicationReminderRoutes } from "./reminders/application-reminders.routes";
import { writingRoutes } from "./writing/writing.routes";

/** Every operation of the feature, in the order the document lists them. */
export const jobApplicationRoutes = [
  ...trackerRoutes,
  ...applicationInterviewRoutes,
  ...applicationReminderRoutes,
  ...copilotRoutes,
  ...writingRoutes,
] as const;
export { jobApplicationExample } from "./job-applications.routes";
export { jobApplicationSchema } from "./job-applications.schemas";
export { toJobApplicationJson } from "./job-applications.serializers";
