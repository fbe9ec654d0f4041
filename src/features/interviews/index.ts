/**
 * The interviews' public face: what the application's sub-resource
 * (`/api/job-applications/{id}/interviews/`), the calendar feed and, later, the timeline use.
 * Scheduling has one write path, `scheduleInterview`.
 */
export { INTERVIEW_LIST_CAP, type InterviewRow } from "./interviews.queries";
export { interviewBodyExample, interviewExample, interviewRoutes } from "./interviews.routes";
export { interviewInputSchema, interviewListSchema, interviewSchema } from "./interviews.schemas";
export { toInterviewJson } from "./interviews.serializers";
export {
  interviewsSince,
  listApplicationInterviews,
  scheduleInterview,
} from "./interviews.service";
