import * as z from "zod";
import { charField, emailField, MSG } from "../../core/fields";
import { searchQueryField } from "../../core/search";
import type { contact } from "../../db/schema";
import { defineShape } from "../../db/shape";

/** Bounds of a contact's fields (docs/API.md, Tracker), as the table's columns hold them. */
export const CONTACT_LIMITS = {
  name: 100,
  email: 254,
  phone: 50,
  company: 255,
  role: 255,
  url: 200,
  notes: 5000,
  job_applications: 100,
} as const;

const blankable = (max: number) => charField({ allowBlank: true, max }).optional();

/** DRF EmailField(blank=True): empty, or an address. */
const email = charField({ allowBlank: true, max: CONTACT_LIMITS.email })
  .refine((v) => v === "" || emailField().safeParse(v).success, { error: MSG.email })
  .optional();

/** DRF URLField(blank=True): empty, or an absolute http(s) URL (parsed, no pattern). */
function isWebUrl(v: string): boolean {
  try {
    const url = new URL(v);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
const url = charField({ allowBlank: true, max: CONTACT_LIMITS.url })
  .refine((v) => v === "" || isWebUrl(v), { error: "Enter a valid URL." })
  .optional();

const pythonType = (v: unknown) =>
  typeof v === "string"
    ? "str"
    : typeof v === "boolean"
      ? "bool"
      : typeof v === "number"
        ? "float"
        : Array.isArray(v)
          ? "list"
          : "dict";
export const doesNotExist = (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`;

/** One key of the list as DRF's PrimaryKeyRelatedField reads it, or the message refusing it. */
function primaryKey(v: unknown): number | string {
  const raw = typeof v === "string" ? v.trim() : v;
  const digits =
    (typeof raw === "number" && Number.isInteger(raw)) ||
    (typeof raw === "string" && raw !== "" && [...raw].every((ch) => ch >= "0" && ch <= "9"));
  if (!digits) return `Incorrect type. Expected pk value, received ${pythonType(v)}.`;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 ? n : doesNotExist(v);
}

/**
 * DRF's ManyRelatedField of application keys: a list (at most 100), each key a number or its
 * digits; the first bad key is reported, as DRF does. Whether each is one of the caller's live
 * applications is the route's check (`applicationsCheck`) and the service's, under a lock.
 */
export const jobApplicationsField = z
  .unknown()
  .transform((v, ctx): number[] => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (v === null) return fail(MSG.null);
    if (!Array.isArray(v)) return fail(`Expected a list of items but got type "${pythonType(v)}".`);
    const max = CONTACT_LIMITS.job_applications;
    if (v.length > max) return fail(`Ensure this field has no more than ${max} elements.`);
    const ids: number[] = [];
    for (const item of v) {
      const key = primaryKey(item);
      if (typeof key === "string") return fail(key);
      if (!ids.includes(key)) ids.push(key);
    }
    return ids;
  })
  .meta({
    jsonSchema: {
      type: "array",
      maxItems: CONTACT_LIMITS.job_applications,
      items: { type: "integer", minimum: 1 },
      description: "Ids of your applications (replaces the links; leave out to keep them).",
    },
  });

const fields = {
  name: charField({ max: CONTACT_LIMITS.name }),
  email,
  phone: blankable(CONTACT_LIMITS.phone),
  company: blankable(CONTACT_LIMITS.company),
  role: blankable(CONTACT_LIMITS.role),
  url,
  notes: blankable(CONTACT_LIMITS.notes),
  job_applications: jobApplicationsField.optional(),
};

/** POST and PUT: `name` required; `id` and the timestamps are read-only (stripped). */
export const contactInputSchema = z.object(fields);
export const patchContactSchema = z.object({ ...fields, name: fields.name.optional() });
export type ContactInput = z.output<typeof patchContactSchema>;

const WHOLE_NUMBER = "Enter a whole number.";

/** `?job_application=<id>` (contacts linked to it) and `?search=` (name, email, company, role, notes). */
export const listContactsQuerySchema = z.object({
  job_application: z
    .string()
    .transform((v, ctx): number | undefined => {
      const raw = v.trim();
      if (raw === "") return undefined;
      const n =
        raw.length <= 19 && [...raw].every((ch) => ch >= "0" && ch <= "9")
          ? Number(raw)
          : Number.NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: "custom", message: WHOLE_NUMBER });
        return z.NEVER;
      }
      return n;
    })
    .meta({
      jsonSchema: { type: "integer", description: "Only contacts linked to this application." },
    })
    .optional(),
  search: searchQueryField().optional(),
});
export type ListContactsQuery = z.output<typeof listContactsQuerySchema>;

/** A contact row with the ids of the live applications it is linked to. */
export type ContactWithLinks = typeof contact.$inferSelect & { jobApplications: number[] };

/** One contact as the API answers it, written once. */
export const contactShape = defineShape<ContactWithLinks>()({
  id: { column: "id", schema: z.number().int() },
  name: { column: "name", schema: z.string() },
  email: { column: "email", schema: z.string() },
  phone: { column: "phone", schema: z.string() },
  company: { column: "company", schema: z.string() },
  role: { column: "role", schema: z.string() },
  url: { column: "url", schema: z.string() },
  notes: { column: "notes", schema: z.string() },
  job_applications: { column: "jobApplications", schema: z.array(z.number().int()) },
  created_at: { column: "createdAt", schema: z.string() },
  updated_at: { column: "updatedAt", schema: z.string() },
});
export const contactSchema = contactShape.schema;
export const contactListSchema = z.array(contactSchema);
export type ContactJson = z.output<typeof contactSchema>;
