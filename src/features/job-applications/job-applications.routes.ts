import type { Context } from "hono";
import { currentUser, requireUser } from "../../core/auth";
import { notFound } from "../../core/errors";
import { createRouter, jsonText, parseId } from "../../core/http";
import { linkBase } from "../../core/public-url";
import { timestampNow } from "../../core/timestamps";
import type { AppEnv } from "../../core/types";
import { validate } from "../../core/validate";
import { isReplicaSet } from "../../db/prepared";
import { pageLinks, parseOrdering, parsePage } from "./job-applications.listing";
import {
  countJobApplications,
  findJobApplication,
  isPlainList,
  type ListFilter,
  listJobApplications,
  listJobApplicationsJson,
  setJobApplicationDeleted,
} from "./job-applications.queries";
import {
  createJobApplicationSchema,
  type JobApplicationInput,
  type ListJobApplicationsQuery,
  listJobApplicationsQuerySchema,
  patchJobApplicationSchema,
  searchTerms,
  updateJobApplicationSchema,
} from "./job-applications.schemas";
import {
  changeJobApplication,
  createJobApplication,
  resumeUsedCheck,
  toJobApplicationJson,
} from "./job-applications.service";
import { jobApplicationStats } from "./job-applications.stats";

type Ctx = Context<AppEnv>;
const now = (c: Ctx) => timestampNow(c.env.deps.clock);
const owned = (c: Ctx) => ({ id: parseId(c.req.param("id")), userId: currentUser(c).id });

async function list(c: Ctx, q: ListJobApplicationsQuery) {
  const db = c.env.deps.database.reader;
  const filter: ListFilter = {
    userId: currentUser(c).id,
    deleted: q.deleted === "true" || q.deleted === "True" || q.deleted === "1",
    ...(q.status ? { status: q.status } : {}),
    terms: searchTerms(q.search),
  };
  const order = parseOrdering(q.ordering);
  const page = parsePage(q.limit, q.offset);
  // On a replica set a raw statement would go to the primary: there the rows come as rows.
  if (isPlainList(filter, order, page) && !isReplicaSet(db)) {
    const body = await listJobApplicationsJson(db, filter.userId, filter.deleted);
    return jsonText(c, body);
  }
  if (!page) {
    const rows = await listJobApplications(db, filter, order);
    return c.json(rows.map(toJobApplicationJson));
  }
  const [count, rows] = await Promise.all([
    countJobApplications(db, filter),
    listJobApplications(db, filter, order, page),
  ]);
  const links = pageLinks({ url: c.req.url, base: linkBase(c) }, page, count);
  return c.json({ count, ...links, results: rows.map(toJobApplicationJson) });
}

async function change(c: Ctx, input: JobApplicationInput) {
  const row = await changeJobApplication(c.env.deps.database.db, owned(c), input, now(c));
  return c.json(toJobApplicationJson(row));
}

/** The caller's applications. Deleted rows are only reachable through `?deleted=true` and restore. */
export const jobApplicationsRoutes = createRouter()
  .use(requireUser)
  .get("/", validate(listJobApplicationsQuerySchema, "query"), (c) => list(c, c.req.valid("query")))
  .post(
    "/",
    validate(createJobApplicationSchema, "json", { resume_used: resumeUsedCheck }),
    async (c) => {
      const { db } = c.env.deps.database;
      const row = await createJobApplication(db, currentUser(c).id, c.req.valid("json"), now(c));
      return c.json(toJobApplicationJson(row), 201);
    },
  )
  // Registered before "/:id" so that "stats" is never taken for an id.
  .get("/stats", async (c) => {
    const { deps } = c.env;
    return c.json(
      await jobApplicationStats(deps.database.reader, currentUser(c).id, deps.clock.now()),
    );
  })
  .get("/:id", async (c) => {
    const row = await findJobApplication(c.env.deps.database.reader, owned(c));
    if (!row) throw notFound();
    return c.json(toJobApplicationJson(row));
  })
  .put(
    "/:id",
    validate(updateJobApplicationSchema, "json", { resume_used: resumeUsedCheck }),
    (c) => change(c, c.req.valid("json")),
  )
  .patch(
    "/:id",
    validate(patchJobApplicationSchema, "json", { resume_used: resumeUsedCheck }),
    (c) => change(c, c.req.valid("json")),
  )
  .delete("/:id", async (c) => {
    const row = await setJobApplicationDeleted(c.env.deps.database.db, owned(c), true, now(c));
    if (!row) throw notFound();
    return c.body(null, 204);
  })
  .post("/:id/restore", async (c) => {
    const row = await setJobApplicationDeleted(c.env.deps.database.db, owned(c), false, now(c));
    if (!row) throw notFound();
    return c.json(toJobApplicationJson(row));
  });
