import * as z from "zod";
import { charField, choiceField } from "../../core/fields";
import type { coverLetter } from "../../db/schema";
import { defineShape } from "../../db/shape";
import { LETTER_FORMATS } from "../../documents/formats";

/** PATCH body: `id`, `job_application`, `model` and the timestamps are read-only (stripped). */
export const patchCoverLetterSchema = z.object({
  title: charField({ max: 255 }).optional(),
  content: charField().optional(),
});
export type PatchCoverLetterInput = z.output<typeof patchCoverLetterSchema>;

const WHOLE_NUMBER = "Enter a whole number.";

/**
 * `?job_application=<id>`: a whole number (an empty value is no filter); another user's or a
 * missing application simply matches nothing.
 */
export const listCoverLettersQuerySchema = z.object({
  job_application: z
    .string()
    .transform((v, ctx): number | undefined => {
      const raw = v.trim();
      if (raw === "") return undefined;
      const n = /^[-+]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: "custom", message: WHOLE_NUMBER });
        return z.NEVER;
      }
      return n;
    })
    // What the transform reads: a client sends the id as an integer.
    .meta({ jsonSchema: { type: "integer", description: "Only the letters of this application." } })
    .optional(),
});
export type ListCoverLettersQuery = z.output<typeof listCoverLettersQuerySchema>;

/**
 * One cover letter as the API answers it, written once. `model` is the display name of the model
 * that wrote it, kept when the letter is edited.
 */
export const coverLetterShape = defineShape<typeof coverLetter.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  job_application: { column: "jobApplicationId", schema: z.number().int().nullable() },
  title: { column: "title", schema: z.string() },
  content: { column: "content", schema: z.string() },
  model: { column: "model", schema: z.string().nullable() },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
});
export const coverLetterSchema = coverLetterShape.schema;
export const coverLetterListSchema = z.array(coverLetterSchema);
export type CoverLetterJson = z.output<typeof coverLetterSchema>;

/** `?format=` of a letter's export: Markdown as stored when absent; a letter has no JSON Resume. */
export const letterExportQuerySchema = z.object({
  format: choiceField(LETTER_FORMATS).default("md"),
});
