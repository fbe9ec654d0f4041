import * as z from "zod";
import { dateTimeField, dateTimeQueryField } from "../../core/datetimes";
import { boundedIntegerField, charField, choiceField } from "../../core/fields";
import type { interview } from "../../db/schema";
import { defineShape } from "../../db/shape";

export const INTERVIEW_KINDS = ["phone", "video", "onsite", "technical", "hr", "other"] as const;
export const INTERVIEW_OUTCOMES = ["pending", "passed", "failed", "cancelled"] as const;
/** Bounds of the text fields (docs/API.md, Tracker). */
export const LOCATION_MAX = 255;
export const NOTES_MAX = 5000;
export const DURATION_MAX = 1440;

const fields = {
  scheduled_at: dateTimeField(),
  duration_minutes: boundedIntegerField(1, DURATION_MAX).optional(),
  kind: choiceField(INTERVIEW_KINDS).optional(),
  location: charField({ allowBlank: true, max: LOCATION_MAX }).optional(),
  notes: charField({ allowBlank: true, max: NOTES_MAX }).optional(),
  outcome: choiceField(INTERVIEW_OUTCOMES).optional(),
};

/**
 * POST and PUT body: `scheduled_at` is required, the rest keep their defaults (60 minutes,
 * `other`, `pending`, blank) or, on PUT, their values. `id`, `job_application` and the
 * timestamps are read-only (stripped).
 */
export const interviewInputSchema = z.object(fields);
export const patchInterviewSchema = z.object({
  ...fields,
  scheduled_at: fields.scheduled_at.optional(),
});
export type InterviewInput = z.output<typeof patchInterviewSchema>;

/** `?from=&to=`: interviews at or after `from` and before `to` (either may be left out). */
export const listInterviewsQuerySchema = z.object({
  from: dateTimeQueryField(),
  to: dateTimeQueryField(),
});
export type ListInterviewsQuery = z.output<typeof listInterviewsQuerySchema>;

/** One interview as the API answers it, written once. */
export const interviewShape = defineShape<typeof interview.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  job_application: { column: "jobApplicationId", schema: z.number().int() },
  scheduled_at: { column: "scheduledAt", schema: z.string() },
  duration_minutes: { column: "durationMinutes", schema: z.number().int() },
  kind: { column: "kind", schema: z.enum(INTERVIEW_KINDS) },
  location: { column: "location", schema: z.string() },
  notes: { column: "notes", schema: z.string() },
  outcome: { column: "outcome", schema: z.enum(INTERVIEW_OUTCOMES) },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
});
export const interviewSchema = interviewShape.schema;
export const interviewListSchema = z.array(interviewSchema);
export type InterviewJson = z.output<typeof interviewSchema>;
