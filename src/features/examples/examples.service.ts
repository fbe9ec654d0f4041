import { cacheAsideJson } from "../../core/cache";
import { notFound } from "../../core/errors";
import type { Logger } from "../../core/logger";
import type { Db } from "../../db/client";
import type { Deps } from "../../deps";
import { toJobApplicationJson } from "../job-applications";
import { findExample, listExamples } from "./examples.queries";
import { EXAMPLES_LIMIT } from "./examples.schemas";

/** Bump the version when the cached shape changes, so old entries are never served. */
export const EXAMPLES_CACHE_KEY = "resumate:examples:v2";

/** Up to five examples as cached JSON text (cache-aside; a kv failure falls back to the db). */
export const cachedExamples = (deps: Deps, reader: Db, logger: Logger) =>
  cacheAsideJson(
    { kv: deps.kv, logger, waitUntil: deps.waitUntil, metrics: deps.metrics },
    EXAMPLES_CACHE_KEY,
    deps.config.EXAMPLES_CACHE_SECONDS,
    async () => (await listExamples(reader, { limit: EXAMPLES_LIMIT })).map(toJobApplicationJson),
  );

export async function getExample(reader: Db, id: number) {
  const row = await findExample(reader, { id });
  if (!row) throw notFound();
  return row;
}
