import type { Context } from "hono";
import { currentUser, requireUser } from "../../core/auth";
import { notFound } from "../../core/errors";
import { createRouter, parseId } from "../../core/http";
import { timestampNow } from "../../core/timestamps";
import type { AppEnv } from "../../core/types";
import { validate } from "../../core/validate";
import {
  deleteResume,
  findResume,
  insertResume,
  listResumes,
  updateResume,
} from "./resumes.queries";
import {
  createResumeSchema,
  type PatchResumeInput,
  patchResumeSchema,
  updateResumeSchema,
} from "./resumes.schemas";
import { toResumeJson } from "./resumes.service";

/** PUT and PATCH differ only in which fields the body must carry. */
async function save(c: Context<AppEnv>, input: PatchResumeInput) {
  const user = currentUser(c);
  const id = parseId(c.req.param("id"));
  const { deps } = c.env;
  const changes = { ...input, now: timestampNow(deps.clock) };
  const row = await updateResume(deps.database.db, { id, userId: user.id }, changes);
  if (!row) throw notFound();
  return c.json(toResumeJson(row, user.username));
}

/** The caller's resumes; another user's resume answers 404 as a missing one does. */
export const resumesRoutes = createRouter()
  .use(requireUser)
  .get("/", async (c) => {
    const user = currentUser(c);
    const rows = await listResumes(c.env.deps.database.reader, user.id);
    return c.json(rows.map((r) => toResumeJson(r, user.username)));
  })
  .post("/", validate(createResumeSchema), async (c) => {
    const user = currentUser(c);
    const { deps } = c.env;
    const row = await insertResume(deps.database.db, {
      ...c.req.valid("json"),
      userId: user.id,
      now: timestampNow(deps.clock),
    });
    return c.json(toResumeJson(row, user.username), 201);
  })
  .get("/:id", async (c) => {
    const user = currentUser(c);
    const id = parseId(c.req.param("id"));
    const row = await findResume(c.env.deps.database.reader, { id, userId: user.id });
    if (!row) throw notFound();
    return c.json(toResumeJson(row, user.username));
  })
  .put("/:id", validate(updateResumeSchema), (c) => save(c, c.req.valid("json")))
  .patch("/:id", validate(patchResumeSchema), (c) => save(c, c.req.valid("json")))
  .delete("/:id", async (c) => {
    const user = currentUser(c);
    const id = parseId(c.req.param("id"));
    const deleted = await deleteResume(c.env.deps.database.db, { id, userId: user.id });
    if (!deleted) throw notFound();
    return c.body(null, 204);
  });
