import { z } from "zod";
import { defineRoute } from "../spec";

// The ops router answers these shapes directly (it has no schemas file); they live here.
export const healthSchema = z.object({ status: z.literal("ok") });
/** `starting` (without checks) while the Node process is still opening the database. */
export const readySchema = z.object({
  status: z.enum(["ok", "unavailable", "starting"]),
  checks: z.record(z.string(), z.enum(["ok", "error"])).optional(),
});
export const apiRootSchema = z.record(z.string(), z.string());
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const opsRoutes = [
  defineRoute({
    operationId: "health",
    method: "get",
    path: "/health",
    tag: "ops",
    summary: "Liveness",
    access: "public",
    responses: {
      200: { description: "The process serves.", schema: healthSchema, example: { status: "ok" } },
    },
  }),
  defineRoute({
    operationId: "ready",
    method: "get",
    path: "/ready",
    tag: "ops",
    summary: "Readiness: the database (and the cache, when configured) answer",
    access: "public",
    responses: {
      200: {
        description: "Ready.",
        schema: readySchema,
        example: { status: "ok", checks: { database: "ok" } },
      },
      503: {
        description: "A dependency does not answer, or the process is still starting.",
        schema: readySchema,
        example: { status: "unavailable", checks: { database: "error" } },
      },
    },
  }),
  defineRoute({
    operationId: "apiRoot",
    method: "get",
    path: "/api/",
    tag: "ops",
    summary: "API root: absolute URLs of the endpoints (as DRF's API root)",
    access: "public",
    responses: {
      200: {
        description: "Endpoint URLs by name.",
        schema: apiRootSchema,
        example: { resumes: "https://api.example.com/api/resumes/" },
      },
    },
  }),
  defineRoute({
    operationId: "openapi",
    method: "get",
    path: "/api/openapi.json",
    tag: "ops",
    summary: "This OpenAPI 3.1 document",
    access: "public",
    responses: { 200: { description: "The document.", schema: openApiDocumentSchema } },
  }),
  defineRoute({
    operationId: "docs",
    method: "get",
    path: "/api/docs/",
    tag: "ops",
    summary: "Interactive reference (Swagger UI served by the app itself; works offline)",
    access: "public",
    responses: {
      200: { description: "HTML page.", alternatives: { "text/html": { description: "HTML" } } },
    },
  }),
  defineRoute({
    operationId: "docsAsset",
    method: "get",
    path: "/api/docs/{file}",
    tag: "ops",
    summary: "The reference's own script and style (swagger-ui-bundle.js, swagger-ui.css, init.js)",
    access: "public",
    responses: {
      200: {
        description: "The asset.",
        alternatives: {
          "application/javascript": { description: "script" },
          "text/css": { description: "style" },
        },
      },
    },
  }),
] as const;
