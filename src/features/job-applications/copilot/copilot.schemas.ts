import * as z from "zod";
import { booleanField, charField } from "../../../core/fields";
import { isHttpUrl } from "../../../posting-intake/url";
import { generationIdSchema } from "../../ai";
import { jobApplicationSchema, resumeUsedField } from "../job-applications.schemas";

/** Past these a body is not a posting (DRF's max_length message; the body limit is 1 MB). */
export const MAX_INTAKE_HTML = 500_000;
export const MAX_INTAKE_TEXT = 100_000;

export const matchBodySchema = z.object({
  /** One of the caller's resumes; by default the application's `resume_used`. */
  resume: resumeUsedField.optional(),
});
export type MatchInput = z.output<typeof matchBodySchema>;

const keywordSchema = z.object({ keyword: z.string(), weight: z.number() });

export const matchResultSchema = z.object({
  score: z.number().int().min(0).max(100),
  matched: z.array(keywordSchema),
  missing: z.array(keywordSchema),
  resume_id: z.number().int(),
});

/** DRF URLField with http(s) only. */
const httpUrl = charField({ max: 2048 })
  .refine(isHttpUrl, { error: "Enter a valid URL." })
  .meta({
    jsonSchema: {
      type: "string",
      format: "uri",
      maxLength: 2048,
      pattern: "^[Hh][Tt][Tt][Pp][Ss]?:",
    },
  });

export const intakeBodySchema = z
  .object({
    text: charField({ max: MAX_INTAKE_TEXT }).optional(),
    html: charField({ max: MAX_INTAKE_HTML }).optional(),
    source_url: httpUrl.nullable().optional(),
    /** A model (display name) to fill what the parse left missing; see the route. */
    model: charField({ max: 100 }).optional(),
  })
  .superRefine((v, ctx) => {
    const given = (v.text !== undefined ? 1 : 0) + (v.html !== undefined ? 1 : 0);
    if (given === 1) return;
    const message =
      given === 0 ? "Give the posting as text or as html." : "Give either text or html, not both.";
    ctx.addIssue({ code: "custom", message, path: [] });
  })
  .meta({ jsonSchemaAlso: { oneOf: [{ required: ["text"] }, { required: ["html"] }] } });
export type IntakeInput = z.output<typeof intakeBodySchema>;

export const intakeQuerySchema = z.object({ save: booleanField().optional() });

export const postingDraftSchema = z.object({
  job_title: z.string().nullable(),
  company_name: z.string().nullable(),
  original_job_description: z.string().nullable(),
  location: z.string().nullable(),
  salary: z.string().nullable(),
  source_url: z.string().nullable(),
});

/** When a model read the posting, the answer names that generation (`/api/ai/generations/{id}/`). */
const generationRef = { generation_id: generationIdSchema.optional() };
export const intakeDraftSchema = postingDraftSchema.extend(generationRef);
export const intakeSavedSchema = jobApplicationSchema.extend(generationRef);
