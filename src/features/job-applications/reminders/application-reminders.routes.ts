import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../../route";
import {
  createReminder,
  createReminderSchema,
  listApplicationReminders,
  reminderExample,
  reminderListSchema,
  reminderSchema,
  toReminderJson,
} from "../../reminders";

type ApplicationContext = RouteContext<
  RouteSpec & { path: "/api/job-applications/{id}/reminders/"; params: typeof idParams }
>;
const application = (c: ApplicationContext) => ({
  id: c.req.valid("param").id,
  userId: currentUser(c).id,
});
const common = { tag: "reminders", access: "bearer", params: idParams } as const;

/**
 * `/api/job-applications/{id}/reminders/`: an application's reminders, in the application's
 * folder (the path's resource); the reminders feature owns the rows and `/api/reminders/**`.
 */
export const applicationReminderRoutes = [
  route(
    {
      ...common,
      operationId: "listApplicationReminders",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/job-applications/{id}/reminders/",
      summary: "List an application's reminders (soonest due first)",
      responses: {
        200: {
          description: "The application's reminders.",
          schema: reminderListSchema,
          example: [reminderExample],
        },
      },
    },
    async (c) => {
      const rows = await listApplicationReminders(c.get("reader"), application(c));
      return c.json(rows.map(toReminderJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "createReminder",
      tokenScope: "applications:write",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/{id}/reminders/",
      summary: "Add a reminder to one of your applications",
      body: createReminderSchema,
      bodyExample: { due_at: "2026-01-22T09:00:00Z", note: "Follow up with the recruiter" },
      responses: {
        201: { description: "Created.", schema: reminderSchema, example: reminderExample },
      },
    },
    async (c) => {
      const row = await createReminder(c.env.deps, application(c), c.req.valid("json"));
      return c.json(toReminderJson(row), 201);
    },
  ),
] as const;
