import * as z from "zod";
import { dateTimeField, dateTimeQueryField } from "../../core/datetimes";
import { booleanField, charField } from "../../core/fields";
import type { reminder } from "../../db/schema";
import { defineShape } from "../../db/shape";

/** A reminder's note at most (docs/API.md, Tracker). */
export const REMINDER_NOTE_MAX = 1000;

const note = charField({ allowBlank: true, max: REMINDER_NOTE_MAX }).optional();

/** POST body: `id`, `job_application`, `done` and `created_at` are not set here (stripped). */
export const createReminderSchema = z.object({ due_at: dateTimeField(), note });
export type CreateReminderInput = z.output<typeof createReminderSchema>;

/** PATCH body: any of the due date, the note and the done flag. */
export const patchReminderSchema = z.object({
  due_at: dateTimeField().optional(),
  note,
  done: booleanField().optional(),
});
export type PatchReminderInput = z.output<typeof patchReminderSchema>;

const BOOLEAN_QUERY: Record<string, boolean> = {
  true: true,
  True: true,
  "1": true,
  false: false,
  False: false,
  "0": false,
};

/** `?done=`: django-filter's BooleanFilter spellings; an empty value is no filter. */
const doneQuery = z
  .string()
  .transform((v, ctx): boolean | undefined => {
    if (v === "") return undefined;
    const flag = BOOLEAN_QUERY[v];
    if (flag === undefined) {
      const shown = v.length > 20 ? `${v.slice(0, 20)}...` : v;
      ctx.addIssue({
        code: "custom",
        message: `Select a valid choice. ${shown} is not one of the available choices.`,
      });
      return z.NEVER;
    }
    return flag;
  })
  .meta({ jsonSchema: { type: "boolean", description: "Only done (true) or open (false) ones." } })
  .optional();

/** `?due_before=&done=`: reminders due before an instant, done or open. */
export const listRemindersQuerySchema = z.object({
  due_before: dateTimeQueryField(),
  done: doneQuery,
});
export type ListRemindersQuery = z.output<typeof listRemindersQuerySchema>;

/** One reminder as the API answers it, written once. */
export const reminderShape = defineShape<typeof reminder.$inferSelect>()({
  id: { column: "id", schema: z.number().int() },
  job_application: { column: "jobApplicationId", schema: z.number().int() },
  due_at: { column: "dueAt", schema: z.string() },
  note: { column: "note", schema: z.string() },
  done: { column: "done", schema: z.boolean() },
  created_at: { column: "createdAt", schema: z.string() },
});
export const reminderSchema = reminderShape.schema;
export const reminderListSchema = z.array(reminderSchema);
export type ReminderJson = z.output<typeof reminderSchema>;
