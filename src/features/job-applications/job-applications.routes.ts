import { currentUser } from "../../core/auth";
import { rowPrecondition } from "../../core/etag";
import { idParams, jsonText } from "../../core/http";
import { linkBase } from "../../core/public-url";
import { type RouteContext, type RouteSpec, route } from "../../route";
import {
  createJobApplicationSchema,
  type JobApplicationInput,
  jobApplicationListSchema,
  jobApplicationPageSchema,
  jobApplicationSchema,
  jobApplicationStatsSchema,
  listJobApplicationsQuerySchema,
  patchJobApplicationSchema,
  updateJobApplicationSchema,
} from "./job-applications.schemas";
import { toJobApplicationJson } from "./job-applications.serializers";
import {
  changeJobApplication,
  createJobApplication,
  getJobApplication,
  jobApplicationStatsFor,
  listOwnJobApplications,
  resumeUsedCheck,
  setDeleted,
} from "./job-applications.service";

/** An application as the document shows it (the examples feature shows the same shape). */
export const jobApplicationExample = {
  id: 7,
  job_title: "Backend engineer",
  company_name: "Acme",
  original_job_description: "We are looking for...",
  date_applied: "2026-01-15",
  status: "Applied",
  notes: "",
  is_deleted: false,
  is_example: false,
  created_at: "2026-01-15T10:30:00.123456Z",
  updated_at: "2026-01-15T10:30:00.123456Z",
  user: 3,
  resume_used: 12,
};
const example = jobApplicationExample;
const body = {
  job_title: "Backend engineer",
  company_name: "Acme",
  date_applied: "2026-01-15",
  status: "Applied",
  resume_used: 12,
};
const one = { description: "The application.", schema: jobApplicationSchema, example } as const;
const common = { tag: "job-applications", access: "bearer" } as const;

type ItemContext = RouteContext<
  RouteSpec & { path: "/api/job-applications/{id}/"; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({
  id: c.req.valid("param").id,
  userId: currentUser(c).id,
});

/** PUT and PATCH differ only in which fields the body must carry. */
async function change(c: ItemContext, input: JobApplicationInput) {
  const check = rowPrecondition(c, toJobApplicationJson);
  const row = await changeJobApplication(c.env.deps, owned(c), input, check);
  return c.json(toJobApplicationJson(row));
}

/** The caller's applications. Deleted rows are only reachable through `?deleted=true` and restore. */
export const jobApplicationRoutes = [
  route(
    {
      ...common,
      operationId: "listJobApplications",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/job-applications/",
      summary: "List your applications (a plain array, or a page with ?limit=)",
      description:
        "Filters: `status`, `search` (title, company, notes, description), `ordering` " +
        "(`date_applied`, `created_at`, `updated_at`, `company_name`, `-` for descending), " +
        "`deleted=true` for the deleted ones. With `limit` (and `offset`) the answer is a page.",
      query: listJobApplicationsQuerySchema,
      responses: {
        200: {
          description: "An array without `limit`, `{count, next, previous, results}` with it.",
          schema: jobApplicationListSchema.or(jobApplicationPageSchema),
          example: [example],
        },
      },
      errors: [400],
      index: { name: "job-applications" },
    },
    async (c) => {
      const q = c.req.valid("query");
      const links = { url: c.req.url, base: linkBase(c) };
      const list = await listOwnJobApplications(c.get("reader"), currentUser(c).id, q, links);
      if (list.kind === "json") return jsonText(c, list.text);
      if (list.kind === "rows") return c.json(list.rows.map(toJobApplicationJson));
      const { count, next, previous, rows } = list;
      return c.json({ count, next, previous, results: rows.map(toJobApplicationJson) });
    },
  ),
  route(
    {
      ...common,
      operationId: "createJobApplication",
      tokenScope: "applications:write",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/",
      summary: "Track a new application",
      body: createJobApplicationSchema,
      checks: { resume_used: resumeUsedCheck },
      bodyExample: body,
      responses: { 201: { ...one, description: "Created." } },
    },
    async (c) => {
      const row = await createJobApplication(c.env.deps, currentUser(c).id, c.req.valid("json"));
      return c.json(toJobApplicationJson(row), 201);
    },
  ),
  // Before "{id}/" so that "stats" is never taken for an id.
  route(
    {
      ...common,
      operationId: "jobApplicationStats",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/job-applications/stats/",
      summary: "Counts by status, applications and interviews per week, and the funnel",
      responses: {
        200: {
          description: "Statistics.",
          schema: jobApplicationStatsSchema,
          example: {
            total: 3,
            by_status: { Applied: 2, Interviewing: 1, Offer: 0, Rejected: 0 },
            per_week: [{ week_start: "2026-01-12", count: 3 }],
            interviews_per_week: [{ week_start: "2026-01-12", count: 1 }],
            funnel: { applied: 3, interviewing: 1, offer: 0 },
          },
        },
      },
    },
    async (c) =>
      c.json(await jobApplicationStatsFor(c.env.deps, c.get("reader"), currentUser(c).id)),
  ),
  route(
    {
      ...common,
      operationId: "getJobApplication",
      etag: true,
      tokenScope: "applications:read",
      method: "get",
      path: "/api/job-applications/{id}/",
      params: idParams,
      summary: "Read one of your applications",
      responses: { 200: one },
    },
    async (c) => c.json(toJobApplicationJson(await getJobApplication(c.get("reader"), owned(c)))),
  ),
  route(
    {
      ...common,
      operationId: "replaceJobApplication",
      etag: true,
      tokenScope: "applications:write",
      method: "put",
      path: "/api/job-applications/{id}/",
      params: idParams,
      summary: "Replace an application",
      body: updateJobApplicationSchema,
      checks: { resume_used: resumeUsedCheck },
      bodyExample: body,
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "updateJobApplication",
      etag: true,
      tokenScope: "applications:write",
      method: "patch",
      path: "/api/job-applications/{id}/",
      params: idParams,
      summary: "Change some fields (e.g. the status) of an application",
      body: patchJobApplicationSchema,
      checks: { resume_used: resumeUsedCheck },
      bodyExample: { status: "Interviewing" },
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "deleteJobApplication",
      etag: true,
      tokenScope: "applications:write",
      method: "delete",
      path: "/api/job-applications/{id}/",
      params: idParams,
      summary: "Delete an application (soft: restore brings it back)",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await setDeleted(c.env.deps, owned(c), true, rowPrecondition(c, toJobApplicationJson));
      return c.body(null, 204);
    },
  ),
  route(
    {
      ...common,
      operationId: "restoreJobApplication",
      tokenScope: "applications:write",
      method: "post",
      path: "/api/job-applications/{id}/restore/",
      params: idParams,
      summary: "Restore a deleted application",
      responses: { 200: { ...one, description: "Restored." } },
    },
    async (c) => c.json(toJobApplicationJson(await setDeleted(c.env.deps, owned(c), false))),
  ),
] as const;
