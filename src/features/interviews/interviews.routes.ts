import { currentUser } from "../../core/auth";
import { rowPrecondition } from "../../core/etag";
import { idParams } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import {
  type InterviewInput,
  interviewInputSchema,
  interviewListSchema,
  interviewSchema,
  listInterviewsQuerySchema,
  patchInterviewSchema,
} from "./interviews.schemas";
import { toInterviewJson } from "./interviews.serializers";
import {
  changeInterview,
  deleteInterview,
  getInterview,
  listInterviews,
} from "./interviews.service";

/** An interview as the document shows it. */
export const interviewExample = {
  id: 4,
  job_application: 7,
  scheduled_at: "2026-02-03T14:00:00Z",
  duration_minutes: 45,
  kind: "video",
  location: "https://meet.example.com/abc-defg",
  notes: "Ask about the on-call rotation.",
  outcome: "pending",
  created_at: "2026-01-20T09:12:44.532100Z",
  updated_at: "2026-01-20T09:12:44.532100Z",
};
export const interviewBodyExample = {
  scheduled_at: "2026-02-03T14:00:00Z",
  duration_minutes: 45,
  kind: "video",
  location: "https://meet.example.com/abc-defg",
};
const one = { description: "The interview.", schema: interviewSchema, example: interviewExample };
const common = { tag: "interviews", access: "bearer" } as const;

type ItemContext = RouteContext<
  RouteSpec & { path: "/api/interviews/{id}/"; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });

/** PUT and PATCH differ only in which fields the body must carry; If-Match checks the row. */
async function change(c: ItemContext, input: InterviewInput) {
  const row = await changeInterview(
    c.env.deps,
    owned(c),
    input,
    rowPrecondition(c, toInterviewJson),
  );
  return c.json(toInterviewJson(row));
}

/** Interviews across the caller's applications (each is scheduled under its application). */
export const interviewRoutes = [
  route(
    {
      ...common,
      operationId: "listInterviews",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/interviews/",
      summary: "List your interviews (soonest first)",
      description:
        "`from` and `to` (ISO 8601; UTC without an offset): interviews at or after `from` and " +
        "before `to`. Interviews of deleted applications are left out; at most 1,000 are answered.",
      query: listInterviewsQuerySchema,
      responses: {
        200: {
          description: "Your interviews.",
          schema: interviewListSchema,
          example: [interviewExample],
        },
      },
      errors: [400],
      index: { name: "interviews" },
    },
    async (c) => {
      const rows = await listInterviews(c.get("reader"), currentUser(c).id, c.req.valid("query"));
      return c.json(rows.map(toInterviewJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "getInterview",
      tokenScope: "applications:read",
      etag: true,
      method: "get",
      path: "/api/interviews/{id}/",
      params: idParams,
      summary: "Read one of your interviews",
      responses: { 200: one },
    },
    async (c) => c.json(toInterviewJson(await getInterview(c.get("reader"), owned(c)))),
  ),
  route(
    {
      ...common,
      operationId: "replaceInterview",
      tokenScope: "applications:write",
      etag: true,
      method: "put",
      path: "/api/interviews/{id}/",
      params: idParams,
      summary: "Replace an interview (`scheduled_at` required)",
      body: interviewInputSchema,
      bodyExample: interviewBodyExample,
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "updateInterview",
      tokenScope: "applications:write",
      etag: true,
      method: "patch",
      path: "/api/interviews/{id}/",
      params: idParams,
      summary: "Change some fields of an interview (e.g. its outcome)",
      body: patchInterviewSchema,
      bodyExample: { outcome: "passed" },
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "deleteInterview",
      tokenScope: "applications:write",
      etag: true,
      method: "delete",
      path: "/api/interviews/{id}/",
      params: idParams,
      summary: "Delete an interview",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await deleteInterview(c.env.deps, owned(c), rowPrecondition(c, toInterviewJson));
      return c.body(null, 204);
    },
  ),
] as const;
