import { exampleListSchema, exampleSchema } from "../../features/examples/examples.schemas";
import {
  createJobApplicationSchema,
  jobApplicationListSchema,
  jobApplicationPageSchema,
  jobApplicationSchema,
  jobApplicationStatsSchema,
  listJobApplicationsQuerySchema,
  patchJobApplicationSchema,
  updateJobApplicationSchema,
} from "../../features/job-applications/job-applications.schemas";
import { defineRoute } from "../spec";

const base = "/api/job-applications/";
const example = {
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
const body = {
  job_title: "Backend engineer",
  company_name: "Acme",
  date_applied: "2026-01-15",
  status: "Applied",
  resume_used: 12,
};
const one = { description: "The application.", schema: jobApplicationSchema, example } as const;
const cacheHeader = {
  "X-Cache-Status": {
    description: "HIT or MISS",
    required: true,
    schema: { enum: ["HIT", "MISS"] },
  },
} as const;

export const jobApplicationRoutes = [
  defineRoute({
    operationId: "listJobApplications",
    method: "get",
    path: base,
    tag: "job-applications",
    summary: "List your applications (a plain array, or a page with ?limit=)",
    description:
      "Filters: `status`, `search` (title, company, notes, description), `ordering` " +
      "(`date_applied`, `created_at`, `updated_at`, `company_name`, `-` for descending), " +
      "`deleted=true` for the deleted ones. With `limit` (and `offset`) the answer is a page.",
    access: "bearer",
    query: listJobApplicationsQuerySchema,
    responses: {
      200: {
        description: "An array without `limit`, `{count, next, previous, results}` with it.",
        schema: jobApplicationListSchema.or(jobApplicationPageSchema),
        example: [example],
      },
    },
    errors: [400],
  }),
  defineRoute({
    operationId: "createJobApplication",
    method: "post",
    path: base,
    tag: "job-applications",
    summary: "Track a new application",
    access: "bearer",
    body: createJobApplicationSchema,
    bodyExample: body,
    responses: { 201: { ...one, description: "Created." } },
  }),
  defineRoute({
    operationId: "jobApplicationStats",
    method: "get",
    path: `${base}stats/`,
    tag: "job-applications",
    summary: "Counts by status and applications per week",
    access: "bearer",
    responses: {
      200: {
        description: "Statistics.",
        schema: jobApplicationStatsSchema,
        example: {
          total: 3,
          by_status: { Applied: 2, Interviewing: 1, Offer: 0, Rejected: 0 },
          per_week: [{ week_start: "2026-01-12", count: 3 }],
        },
      },
    },
  }),
  defineRoute({
    operationId: "getJobApplication",
    method: "get",
    path: `${base}{id}/`,
    tag: "job-applications",
    summary: "Read one of your applications",
    access: "bearer",
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "replaceJobApplication",
    method: "put",
    path: `${base}{id}/`,
    tag: "job-applications",
    summary: "Replace an application",
    access: "bearer",
    body: updateJobApplicationSchema,
    bodyExample: body,
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "updateJobApplication",
    method: "patch",
    path: `${base}{id}/`,
    tag: "job-applications",
    summary: "Change some fields (e.g. the status) of an application",
    access: "bearer",
    body: patchJobApplicationSchema,
    bodyExample: { status: "Interviewing" },
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "deleteJobApplication",
    method: "delete",
    path: `${base}{id}/`,
    tag: "job-applications",
    summary: "Delete an application (soft: restore brings it back)",
    access: "bearer",
    responses: { 204: { description: "Deleted." } },
  }),
  defineRoute({
    operationId: "restoreJobApplication",
    method: "post",
    path: `${base}{id}/restore/`,
    tag: "job-applications",
    summary: "Restore a deleted application",
    access: "bearer",
    responses: { 200: { ...one, description: "Restored." } },
  }),
  defineRoute({
    operationId: "listExampleJobApplications",
    method: "get",
    path: "/api/example-job-applications/",
    tag: "examples",
    summary: "Up to five public example applications (cached)",
    access: "public",
    responses: {
      200: {
        description: "The cached envelope.",
        schema: exampleListSchema,
        example: { cache_status: "MISS (Response from database)", data: [example] },
        headers: cacheHeader,
      },
    },
  }),
  defineRoute({
    operationId: "getExampleJobApplication",
    method: "get",
    path: "/api/example-job-applications/{id}/",
    tag: "examples",
    summary: "One public example application",
    access: "public",
    responses: {
      200: {
        description: "The example.",
        schema: exampleSchema,
        example: { ...example, is_example: true },
      },
    },
  }),
] as const;
