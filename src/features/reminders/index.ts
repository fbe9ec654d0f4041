/**
 * The reminders' public face: what the application's sub-resource
 * (`/api/job-applications/{id}/reminders/`) and the calendar feed use.
 */
export { REMINDER_LIST_CAP, type ReminderRow } from "./reminders.queries";
export { reminderExample, reminderRoutes } from "./reminders.routes";
export { createReminderSchema, reminderListSchema, reminderSchema } from "./reminders.schemas";
export { toReminderJson } from "./reminders.serializers";
export {
  createReminder,
  listApplicationReminders,
  openRemindersSince,
} from "./reminders.service";
