/**
 * The event types, apart from the schemas (webhooks.schemas.ts): the outbox and the feature's
 * face need the list, and a cold Worker isolate then does not build the routes' zod schemas.
 */

/** Every event a webhook may subscribe to (`*`: all of them). */
export const EVENT_TYPES = [
  "job_application.created",
  "job_application.updated",
  "job_application.status_changed",
  "job_application.deleted",
  "interview.scheduled",
  "resume.created",
  "resume.updated",
  "resume.deleted",
  "ai.generation.completed",
  "ping",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
