import type { ReminderRow } from "./reminders.queries";
import { type ReminderJson, reminderShape } from "./reminders.schemas";

export const toReminderJson = (row: ReminderRow): ReminderJson => reminderShape.serialize(row);
