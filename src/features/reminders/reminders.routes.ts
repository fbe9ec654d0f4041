import { currentUser } from "../../core/auth";
import { idParams } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import {
  listRemindersQuerySchema,
  patchReminderSchema,
  reminderListSchema,
  reminderSchema,
} from "./reminders.schemas";
import { toReminderJson } from "./reminders.serializers";
import { changeReminder, deleteReminder, getReminder, listReminders } from "./reminders.service";

/** A reminder as the document shows it. */
export const reminderExample = {
  id: 9,
  job_application: 7,
  due_at: "2026-01-22T09:00:00Z",
  note: "Follow up with the recruiter",
  done: false,
  created_at: "2026-01-15T10:30:00.123456Z",
};
const one = { description: "The reminder.", schema: reminderSchema, example: reminderExample };
const common = { tag: "reminders", access: "bearer" } as const;

type ItemContext = RouteContext<
  RouteSpec & { path: "/api/reminders/{id}/"; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });

/** Reminders across the caller's applications (each is created under its application). */
export const reminderRoutes = [
  route(
    {
      ...common,
      operationId: "listReminders",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/reminders/",
      summary: "List your reminders (soonest due first)",
      description:
        "`due_before` (ISO 8601, exclusive) and `done` (`true`/`false`): e.g. what is due now " +
        "and still open. Reminders of deleted applications are left out; at most 1,000 are answered.",
      query: listRemindersQuerySchema,
      responses: {
        200: {
          description: "Your reminders.",
          schema: reminderListSchema,
          example: [reminderExample],
        },
      },
      errors: [400],
      index: { name: "reminders" },
    },
    async (c) => {
      const rows = await listReminders(c.get("reader"), currentUser(c).id, c.req.valid("query"));
      return c.json(rows.map(toReminderJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "getReminder",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/reminders/{id}/",
      params: idParams,
      summary: "Read one of your reminders",
      responses: { 200: one },
    },
    async (c) => c.json(toReminderJson(await getReminder(c.get("reader"), owned(c)))),
  ),
  route(
    {
      ...common,
      operationId: "updateReminder",
      tokenScope: "applications:write",
      method: "patch",
      path: "/api/reminders/{id}/",
      params: idParams,
      summary: "Change a reminder's due date or note, or mark it done",
      body: patchReminderSchema,
      bodyExample: { done: true },
      responses: { 200: one },
    },
    async (c) =>
      c.json(toReminderJson(await changeReminder(c.env.deps, owned(c), c.req.valid("json")))),
  ),
  route(
    {
      ...common,
      operationId: "deleteReminder",
      tokenScope: "applications:write",
      method: "delete",
      path: "/api/reminders/{id}/",
      params: idParams,
      summary: "Delete a reminder",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await deleteReminder(c.env.deps, owned(c));
      return c.body(null, 204);
    },
  ),
] as const;
