import * as z from "zod";

export const healthSchema = z.object({ status: z.literal("ok") });
/**
 * `starting` (without checks) while the Node process is still opening the database. `replicas`
 * (with DATABASE_REPLICA_URLS) counts them by state; it never decides the status: a replica that
 * is ejected or lagging only sends its reads to the primary.
 */
export const readySchema = z.object({
  status: z.enum(["ok", "unavailable", "starting"]),
  checks: z.record(z.string(), z.enum(["ok", "error"])).optional(),
  replicas: z
    .object({ ok: z.number().int(), ejected: z.number().int(), lagging: z.number().int() })
    .optional(),
});
export const apiRootSchema = z.record(z.string(), z.string());
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** `/api/docs/{file}`: an asset's name (an unknown one is a 404 from the asset table). */
export const docsAssetParams = z.object({ file: z.string() });
