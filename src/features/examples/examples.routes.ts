import { CACHE_STATUS, CACHE_STATUS_HEADER, cachedEnvelopeResponse } from "../../core/cache";
import { idParams } from "../../core/http";
import { route } from "../../route";
import { jobApplicationExample as example, toJobApplicationJson } from "../job-applications";
import { exampleListSchema, exampleSchema } from "./examples.schemas";
import { cachedExamples, getExample } from "./examples.service";

const common = { tag: "examples", access: "public" } as const;

/** Public sample applications (seeded under example_user) for the landing page. */
export const exampleRoutes = [
  route(
    {
      ...common,
      operationId: "listExampleJobApplications",
      method: "get",
      path: "/api/example-job-applications/",
      summary: "Up to five public example applications (cached)",
      responses: {
        200: {
          description: "The cached envelope.",
          schema: exampleListSchema,
          example: { cache_status: CACHE_STATUS.miss, data: [example] },
          headers: CACHE_STATUS_HEADER,
        },
      },
      index: { name: "example-job-applications" },
    },
    (c) => cachedEnvelopeResponse(c, cachedExamples(c.env.deps, c.get("reader"), c.get("logger"))),
  ),
  route(
    {
      ...common,
      operationId: "getExampleJobApplication",
      method: "get",
      path: "/api/example-job-applications/{id}/",
      params: idParams,
      summary: "One public example application",
      responses: {
        200: {
          description: "The example.",
          schema: exampleSchema,
          example: { ...example, is_example: true },
        },
      },
    },
    async (c) =>
      c.json(toJobApplicationJson(await getExample(c.get("reader"), c.req.valid("param").id))),
  ),
] as const;
