import { cacheAsideJson, cachedEnvelopeResponse } from "../../core/cache";
import { notFound } from "../../core/errors";
import { createRouter, parseId } from "../../core/http";
import { toJobApplicationJson } from "../job-applications/job-applications.service";
import { findExample, listExamples } from "./examples.queries";
import { EXAMPLES_LIMIT } from "./examples.schemas";

/** Bump the version when the cached shape changes, so old entries are never served. */
export const EXAMPLES_CACHE_KEY = "resumate:examples:v2";

/** Public sample applications (seeded under example_user) for the landing page. */
export const examplesRoutes = createRouter()
  .get("/", async (c) => {
    const { deps } = c.env;
    const cached = await cacheAsideJson(
      { kv: deps.kv, logger: c.get("logger"), waitUntil: deps.waitUntil },
      EXAMPLES_CACHE_KEY,
      deps.config.EXAMPLES_CACHE_SECONDS,
      async () =>
        (await listExamples(deps.database.reader, EXAMPLES_LIMIT)).map(toJobApplicationJson),
    );
    return cachedEnvelopeResponse(c, cached);
  })
  .get("/:id", async (c) => {
    const row = await findExample(c.env.deps.database.reader, parseId(c.req.param("id")));
    if (!row) throw notFound();
    return c.json(toJobApplicationJson(row));
  });
