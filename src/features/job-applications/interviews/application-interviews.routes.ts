import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../../route";
import {
  interviewBodyExample,
  interviewExample,
  interviewInputSchema,
  interviewListSchema,
  interviewSchema,
  listApplicationInterviews,
  scheduleInterview,
  toInterviewJson,
} from "../../interviews";
import { emitEvent } from "../../webhooks";
import { recordTimeline } from "../job-applications.timeline";

type ApplicationContext = RouteContext<
  RouteSpec & { path: "/api/job-applications/{id}/interviews/"; params: typeof idParams }
>;
const application = (c: ApplicationContext) => ({
  id: c.req.valid("param").id,
  userId: currentUser(c).id,
});
const common = { tag: "interviews", access: "bearer", params: idParams } as const;

/**
 * `/api/job-applications/{id}/interviews/`: an application's interviews. The path's resource is
 * the application, so the routes live in its folder; the interviews feature owns the rows and
 * the one write path (`scheduleInterview`), which `/api/interviews/**` shares.
 */
export const applicationInterviewRoutes = [
  route(
    {
      ...common,
      operationId: "listApplicationInterviews",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/job-applications/{id}/interviews/",
      summary: "List an application's interviews (soonest first)",
      responses: {
        200: {
          description: "The application's interviews.",
          schema: interviewListSchema,
          example: [interviewExample],
        },
      },
    },
    async (c) => {
      const rows = await listApplicationInterviews(c.get("reader"), application(c));
      return c.json(rows.map(toInterviewJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "scheduleInterview",
      tokenScope: "applications:write",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/{id}/interviews/",
      summary: "Schedule an interview for one of your applications",
      description:
        "`kind`: phone, video, onsite, technical, hr, other (default); `outcome`: pending " +
        "(default), passed, failed, cancelled; `duration_minutes` 1-1440 (default 60).",
      body: interviewInputSchema,
      bodyExample: interviewBodyExample,
      responses: {
        201: { description: "Scheduled.", schema: interviewSchema, example: interviewExample },
      },
    },
    async (c) => {
      // In the interview's transaction: the application's `interview_scheduled` entry and the
      // `interview.scheduled` webhook event, once each, committed with the row or not at all.
      const row = await scheduleInterview(
        c.env.deps,
        application(c),
        c.req.valid("json"),
        async (tx, row) => {
          await recordTimeline(tx, {
            applicationId: row.jobApplicationId,
            userId: row.userId,
            kind: "interview_scheduled",
            at: row.createdAt,
            data: { interview_id: row.id },
          });
          await emitEvent(
            tx,
            row.userId,
            "interview.scheduled",
            toInterviewJson(row),
            row.createdAt,
          );
        },
      );
      return c.json(toInterviewJson(row), 201);
    },
  ),
] as const;
