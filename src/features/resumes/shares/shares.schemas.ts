import * as z from "zod";
import { boundedIntegerField, charField, choiceField } from "../../../core/fields";
import { validatePassword } from "../../auth";

/** Links expire after this many days unless the body says otherwise (`null`: never). */
export const DEFAULT_SHARE_DAYS = 30;

/** DRF IntegerField(min_value=1, max_value=365, allow_null=True, required=False). */
const days = boundedIntegerField(1, 365);

export const createShareSchema = z
  .object({
    expires_in_days: days.nullable().optional(),
    // A password is taken as typed (no trimming), as Django's password fields do.
    password: charField({ max: 128, trim: false }).nullable().optional(),
  })
  // Django's validators, as on registration: a link's password is guessable from anywhere.
  .superRefine(
    async (v, ctx) => {
      if (typeof v.password !== "string" || v.password === "") return;
      for (const message of await validatePassword(v.password)) {
        ctx.addIssue({ code: "custom", path: ["password"], message });
      }
    },
    { when: () => true },
  );
export type CreateShareInput = z.output<typeof createShareSchema>;

export const shareSchema = z.object({
  token: z.string(),
  url: z.string(),
  expires_at: z.string().nullable(),
});
export type ShareJson = z.output<typeof shareSchema>;

export const sharedResumeSchema = z.object({
  title: z.string(),
  content: z.string(),
  updated_at: z.string(),
});

/** `/r/{token}?format=`: a download instead of the page. */
export const sharedPageQuerySchema = z.object({
  format: choiceField(["md", "pdf", "docx"]).optional(),
});

/** The page's password form (form-encoded; JSON works too). */
export const sharePasswordFormSchema = z.object({
  password: charField({ trim: false, allowBlank: true, max: 128 }).optional(),
});

/** `{token}` of a shared link's paths: any text (an unknown one is the lookup's 404). */
export const tokenParams = z.object({ token: z.string() });
