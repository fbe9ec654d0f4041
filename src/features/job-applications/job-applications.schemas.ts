import * as z from "zod";
import { charField, choiceField, dateField } from "../../core/fields";
import { searchQueryField } from "../../core/search";
import type { jobApplication } from "../../db/schema";
import { defineShape } from "../../db/shape";

export const STATUSES = ["Applied", "Interviewing", "Offer", "Rejected"] as const;
export type Status = (typeof STATUSES)[number];

/** DRF's type names in "Incorrect type. Expected pk value, received <type>." */
function pythonType(v: unknown): string {
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float";
  if (Array.isArray(v)) return "list";
  return "dict";
}

/**
 * DRF PrimaryKeyRelatedField input. Values that look like a key but can never be one (negative,
 * past bigint) fail here with DRF's "does not exist" message; real keys are checked against the
 * caller's resumes by the service.
 */
export const resumeUsedField = z
  .unknown()
  .transform((v, ctx): number | null | undefined => {
    if (v === undefined || v === null) return v;
    const raw = typeof v === "string" ? v.trim() : v;
    const digits =
      (typeof raw === "number" && Number.isInteger(raw)) ||
      (typeof raw === "string" && /^[-+]?\d+$/.test(raw));
    if (!digits) {
      ctx.addIssue({
        code: "custom",
        message: `Incorrect type. Expected pk value, received ${pythonType(v)}.`,
      });
      return z.NEVER;
    }
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) {
      ctx.addIssue({ code: "custom", message: doesNotExist(v) });
      return z.NEVER;
    }
    return n;
  })
  .meta({
    jsonSchema: {
      description: "The id of one of your resumes (a number, or its digits), or null.",
      anyOf: [
        { type: "integer", minimum: 1 },
        { type: "string", pattern: "^\\s*\\+?0*[1-9]\\d*\\s*$" },
        { type: "null" },
      ],
    },
  });

export const doesNotExist = (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`;

const optionalText = (max?: number) =>
  charField({ allowBlank: true, ...(max ? { max } : {}) })
    .nullable()
    .optional();

/**
 * POST, PUT and PATCH body. Every model field is optional (blank/null allowed, status has a
 * default), so PUT and PATCH accept the same fields; read-only keys are stripped by z.object.
 */
export const jobApplicationInputSchema = z.object({
  job_title: optionalText(255),
  company_name: optionalText(255),
  original_job_description: optionalText(),
  date_applied: dateField().nullable().optional(),
  status: choiceField(STATUSES).optional(),
  notes: optionalText(),
  resume_used: resumeUsedField.optional(),
});
export const createJobApplicationSchema = jobApplicationInputSchema;
export const updateJobApplicationSchema = jobApplicationInputSchema;
export const patchJobApplicationSchema = jobApplicationInputSchema;
export type JobApplicationInput = z.output<typeof jobApplicationInputSchema>;

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

export { MAX_SEARCH_TERM_LENGTH, MAX_SEARCH_TERMS, searchTerms } from "../../core/search";

/** Query of the list: django-filter's messages for a bad status; bad limit/offset are ignored. */
export const listJobApplicationsQuerySchema = z.object({
  status: z.preprocess(
    emptyToUndefined,
    z
      .enum(STATUSES, {
        error: (iss) =>
          `Select a valid choice. ${String(iss.input)} is not one of the available choices.`,
      })
      .optional(),
  ),
  search: searchQueryField().optional(),
  ordering: z.string().optional(),
  deleted: z.string().optional(),
  limit: z.string().optional(),
  offset: z.string().optional(),
});
export type ListJobApplicationsQuery = z.output<typeof listJobApplicationsQuerySchema>;

/**
 * One application as the API answers it, written once: the response schema, the serializer
 * and the JSON select PostgreSQL writes the plain list with are all derived from this table.
 */
export const jobApplicationShape = defineShape<typeof jobApplication.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  job_title: { column: "jobTitle", schema: z.string().nullable() },
  company_name: { column: "companyName", schema: z.string().nullable() },
  original_job_description: { column: "originalJobDescription", schema: z.string().nullable() },
  date_applied: { column: "dateApplied", schema: z.string().nullable() },
  status: { column: "status", schema: z.enum(STATUSES) },
  notes: { column: "notes", schema: z.string().nullable() },
  is_deleted: { column: "isDeleted", schema: z.boolean() },
  is_example: { column: "isExample", schema: z.boolean() },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
  user: { column: "userId", schema: z.number().int() },
  resume_used: { column: "resumeUsedId", schema: z.number().int().nullable() },
});
export const jobApplicationSchema = jobApplicationShape.schema;
export type JobApplicationJson = z.output<typeof jobApplicationSchema>;

/**
 * An application as a webhook event's `data` carries it: the fields a notification names, none
 * of the long texts (the receiver reads those through the API when it needs them).
 */
export const jobApplicationEventShape = defineShape<typeof jobApplication.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  job_title: { column: "jobTitle", schema: z.string().nullable() },
  company_name: { column: "companyName", schema: z.string().nullable() },
  status: { column: "status", schema: z.enum(STATUSES) },
  date_applied: { column: "dateApplied", schema: z.string().nullable() },
  resume_used: { column: "resumeUsedId", schema: z.number().int().nullable() },
  is_deleted: { column: "isDeleted", schema: z.boolean() },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
});

export const jobApplicationListSchema = z.array(jobApplicationSchema);
export const jobApplicationPageSchema = z.object({
  count: z.number().int(),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  results: z.array(jobApplicationSchema),
});

export const jobApplicationStatsSchema = z.object({
  total: z.number().int(),
  by_status: z.object({
    Applied: z.number().int(),
    Interviewing: z.number().int(),
    Offer: z.number().int(),
    Rejected: z.number().int(),
  }),
  per_week: z.array(z.object({ week_start: z.string(), count: z.number().int() })),
  /** Interviews scheduled per week (from the timeline's `interview_scheduled` entries). */
  interviews_per_week: z.array(z.object({ week_start: z.string(), count: z.number().int() })),
  /** Live applications, those that reached an interview (or an offer), those that reached an offer. */
  funnel: z.object({
    applied: z.number().int(),
    interviewing: z.number().int(),
    offer: z.number().int(),
  }),
});
export type JobApplicationStats = z.output<typeof jobApplicationStatsSchema>;
