import * as z from "zod";
import { choiceField, integerField, MSG } from "../../../core/fields";
import { STATUSES } from "../job-applications.schemas";

export const BULK_MAX_IDS = 100;
export const BULK_ACTIONS = ["update", "delete", "restore"] as const;

const ids = z
  .array(
    integerField().refine((n) => n >= 1, { error: "A valid integer is required." }),
    {
      error: (iss) =>
        iss.input === undefined
          ? MSG.required
          : `Expected a list of items but got type "${typeof iss.input}".`,
    },
  )
  .min(1, { error: "This list may not be empty." })
  .max(BULK_MAX_IDS, { error: `Ensure this field has no more than ${BULK_MAX_IDS} elements.` });

/** `{ids, action, status?}`: `status` is required by `update` and ignored otherwise. */
export const bulkSchema = z
  .object({
    ids,
    action: choiceField(BULK_ACTIONS),
    status: choiceField(STATUSES).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === "update" && v.status === undefined)
      ctx.addIssue({ code: "custom", path: ["status"], message: MSG.required });
  });
export type BulkInput = z.output<typeof bulkSchema>;

export const bulkResultSchema = z.object({ updated: z.number().int() });
