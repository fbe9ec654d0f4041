/**
 * What other features may use of the job applications: recording a timeline entry in the
 * caller's transaction (interviews record `interview_scheduled`, generation `resume_tailored`
 * and `cover_letter_written`).
 */
export {
  recordTimeline,
  type TimelineEntry,
  type TimelineKind,
  timelineInsertFrom,
} from "./timeline/timeline.queries";
