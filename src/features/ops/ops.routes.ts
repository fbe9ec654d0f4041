import { linkBase } from "../../core/public-url";
import { route } from "../../route";
import { apiRootSchema, healthSchema, readySchema } from "./ops.schemas";
import { type ApiCatalog, apiIndex, readiness } from "./ops.service";

const tag = "ops";

/** Liveness, readiness and the API root (DRF's browsable index, as JSON). */
export function opsRoutes(api: ApiCatalog) {
  let index: ReturnType<typeof apiIndex> | undefined;
  return [
    route(
      {
        operationId: "health",
        method: "get",
        path: "/health",
        tag,
        summary: "Liveness",
        access: "public",
        responses: {
          200: {
            description: "The process serves.",
            schema: healthSchema,
            example: { status: "ok" },
          },
        },
      },
      (c) => c.json({ status: "ok" }),
    ),
    route(
      {
        operationId: "ready",
        method: "get",
        path: "/ready",
        tag,
        summary: "Readiness: the primary database (and the cache, when configured) answer",
        access: "public",
        responses: {
          200: {
            description: "Ready.",
            schema: readySchema,
            example: {
              status: "ok",
              checks: { database: "ok" },
              replicas: { ok: 1, ejected: 1, lagging: 0 },
            },
          },
          503: {
            description: "A dependency does not answer, or the process is still starting.",
            schema: readySchema,
            example: { status: "unavailable", checks: { database: "error" } },
          },
        },
      },
      async (c) => {
        const { ok, checks, replicas } = await readiness(c.env.deps, c.get("logger"));
        return c.json({ status: ok ? "ok" : "unavailable", checks, replicas }, ok ? 200 : 503);
      },
    ),
    route(
      {
        operationId: "apiRoot",
        method: "get",
        path: "/api/",
        tag,
        summary: "API root: absolute URLs of the endpoints (as DRF's API root)",
        access: "public",
        responses: {
          200: {
            description: "Endpoint URLs by name.",
            schema: apiRootSchema,
            example: { resumes: "https://api.example.com/api/resumes/" },
          },
        },
      },
      async (c) => {
        index ??= apiIndex(await api.routes());
        return c.json(index(linkBase(c)));
      },
    ),
  ] as const;
}
