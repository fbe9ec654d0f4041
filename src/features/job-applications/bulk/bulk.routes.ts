import { currentUser } from "../../../core/auth";
import { route } from "../../../route";
import { bulkWriteScope } from "../job-applications.throttle";
import { bulkResultSchema, bulkSchema } from "./bulk.schemas";
import { bulkChange } from "./bulk.service";

/** Several applications at once: a status change, a delete or a restore, all or nothing. */
export const bulkRoutes = [
  route(
    {
      tag: "job-applications",
      access: "bearer",
      operationId: "bulkChangeJobApplications",
      tokenScope: "applications:write",
      method: "post",
      path: "/api/job-applications/bulk/",
      throttle: [bulkWriteScope],
      summary: "Change the status of, delete or restore up to 100 of your applications",
      description:
        "`action`: `update` (with `status`), `delete` (soft) or `restore`. All or nothing: an id that is not one of your applications (live ones for `update` and `delete`, deleted ones for `restore`) is a 400 on `ids` naming it, and nothing changes. Every status change, delete and restore is recorded in the applications' timelines.",
      body: bulkSchema,
      bodyExample: { ids: [7, 8, 9], action: "update", status: "Rejected" },
      responses: {
        200: {
          description: "How many applications changed.",
          schema: bulkResultSchema,
          example: { updated: 3 },
        },
      },
    },
    async (c) => c.json(await bulkChange(c.env.deps, currentUser(c).id, c.req.valid("json"))),
  ),
] as const;
