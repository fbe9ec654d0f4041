import * as z from "zod";
import { charField } from "../../../core/fields";
import { chunkEventSchema, doneEventSchema, errorEventSchema, generationIdSchema } from "../../ai";
import { coverLetterSchema } from "../../cover-letters";
import { resumeUsedField } from "../job-applications.schemas";

/** The resume to write from: one of the caller's (default: the application's `resume_used`). */
const sourceResume = resumeUsedField.optional();

/** POST /api/job-applications/{id}/tailor/ body. */
export const tailorRequestSchema = z.object({
  model: charField({ max: 100 }),
  resume: sourceResume,
  title: charField({ max: 255 }).optional(),
});
export type TailorInput = z.output<typeof tailorRequestSchema>;

/** POST /api/job-applications/{id}/cover-letter/ body. */
export const coverLetterRequestSchema = z.object({
  model: charField({ max: 100 }),
  resume: sourceResume,
});
export type CoverLetterInput = z.output<typeof coverLetterRequestSchema>;

const score = z.number().int().min(0).max(100);

/** 201 of the tailor: the new resume (now the application's `resume_used`) and the match scores. */
export const tailorResponseSchema = z.object({
  resume_id: z.number().int(),
  content: z.string(),
  match: z.object({ before: score, after: score }),
  generation_id: generationIdSchema,
});

/** 201 of the cover letter: the saved letter and the generation that wrote it. */
export const writtenCoverLetterSchema = coverLetterSchema.extend({
  generation_id: generationIdSchema,
});

/** SSE variants: as generation's, `done` naming what was saved and the model that served it. */
export const tailorEventsSchemas = {
  chunk: chunkEventSchema,
  done: doneEventSchema,
  error: errorEventSchema,
} as const;
export const coverLetterEventsSchemas = {
  chunk: chunkEventSchema,
  done: z.object({ id: z.number().int(), model: z.string(), generation_id: generationIdSchema }),
  error: errorEventSchema,
} as const;
