import { currentUser } from "../../core/auth";
import { rowPrecondition } from "../../core/etag";
import { idParams } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import type { ResumeRow } from "./resumes.queries";
import {
  createResumeSchema,
  type PatchResumeInput,
  patchResumeSchema,
  resumeListSchema,
  resumeSchema,
  updateResumeSchema,
} from "./resumes.schemas";
import { toResumeJson } from "./resumes.serializers";
import {
  changeResume,
  createResume,
  deleteResume,
  getResume,
  listResumes,
} from "./resumes.service";

const example = {
  id: 12,
  user: "alice",
  title: "Backend engineer",
  content: "# Alice\n\n## Experience\n...",
  created_at: "2026-01-15T10:30:00.123456Z",
  updated_at: "2026-01-15T10:30:00.123456Z",
};
const body = { title: "Backend engineer", content: "# Alice\n\n## Experience\n..." };
const one = { description: "The resume.", schema: resumeSchema, example } as const;
const common = { tag: "resumes", access: "bearer" } as const;

/** The signed-in caller and the resume id of the path, as an owner-scoped key. */
type ItemContext = RouteContext<
  RouteSpec & { path: "/api/resumes/{id}/"; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({
  id: c.req.valid("param").id,
  userId: currentUser(c).id,
});

/** PUT and PATCH differ only in which fields the body must carry. */
async function save(c: ItemContext, input: PatchResumeInput) {
  const { username } = currentUser(c);
  const check = rowPrecondition(c, (row: ResumeRow) => toResumeJson(row, username));
  const row = await changeResume(c.env.deps, owned(c), input, check);
  return c.json(toResumeJson(row, username));
}

/** The caller's resumes; another user's resume answers 404 as a missing one does. */
export const resumeRoutes = [
  route(
    {
      ...common,
      operationId: "listResumes",
      tokenScope: "resumes:read",
      method: "get",
      path: "/api/resumes/",
      summary: "List your resumes (newest change first)",
      responses: {
        200: { description: "Your resumes.", schema: resumeListSchema, example: [example] },
      },
      index: { name: "resumes" },
    },
    async (c) => {
      const user = currentUser(c);
      const rows = await listResumes(c.get("reader"), user.id);
      return c.json(rows.map((r) => toResumeJson(r, user.username)));
    },
  ),
  route(
    {
      ...common,
      operationId: "createResume",
      tokenScope: "resumes:write",
      idempotent: true,
      method: "post",
      path: "/api/resumes/",
      summary: "Create a resume",
      body: createResumeSchema,
      bodyExample: body,
      responses: { 201: { ...one, description: "Created." } },
    },
    async (c) => {
      const user = currentUser(c);
      const row = await createResume(c.env.deps, user.id, c.req.valid("json"));
      return c.json(toResumeJson(row, user.username), 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "getResume",
      etag: true,
      tokenScope: "resumes:read",
      method: "get",
      path: "/api/resumes/{id}/",
      params: idParams,
      summary: "Read one of your resumes",
      responses: { 200: one },
    },
    async (c) => {
      const row = await getResume(c.get("reader"), owned(c));
      return c.json(toResumeJson(row, currentUser(c).username));
    },
  ),
  route(
    {
      ...common,
      operationId: "replaceResume",
      etag: true,
      tokenScope: "resumes:write",
      method: "put",
      path: "/api/resumes/{id}/",
      params: idParams,
      summary: "Replace a resume",
      body: updateResumeSchema,
      bodyExample: body,
      responses: { 200: one },
    },
    (c) => save(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "updateResume",
      etag: true,
      tokenScope: "resumes:write",
      method: "patch",
      path: "/api/resumes/{id}/",
      params: idParams,
      summary: "Change some fields of a resume",
      body: patchResumeSchema,
      bodyExample: { title: "Senior backend engineer" },
      responses: { 200: one },
    },
    (c) => save(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "deleteResume",
      etag: true,
      tokenScope: "resumes:write",
      method: "delete",
      path: "/api/resumes/{id}/",
      params: idParams,
      summary: "Delete a resume",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      const { username } = currentUser(c);
      const check = rowPrecondition(c, (row: ResumeRow) => toResumeJson(row, username));
      await deleteResume(c.env.deps, owned(c), check);
      return c.body(null, 204);
    },
  ),
] as const;
