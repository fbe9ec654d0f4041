import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../../route";
import { resumeSchema } from "../resumes.schemas";
import { toResumeJson } from "../resumes.serializers";
import {
  versionListSchema,
  versionParams,
  versionSchema,
  versionShape,
  versionSummaryShape,
} from "./versions.schemas";
import { getVersion, listVersions, restoreVersion } from "./versions.service";

const common = { tag: "resumes", access: "bearer" } as const;
const created_at = "2026-01-15T10:30:00.123456Z";
const summary = { id: 3, title: "Backend engineer", created_at, size: 1834 };

type ResumeContext = RouteContext<
  RouteSpec & { path: "/api/resumes/{id}/"; params: typeof idParams }
>;
const owned = (c: ResumeContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });
type VersionContext = RouteContext<
  RouteSpec & { path: "/api/resumes/{id}/versions/{vid}/"; params: typeof versionParams }
>;
const versionId = (c: VersionContext) => c.req.valid("param").vid;

/** Earlier states of a resume: every change of its title or content keeps the one it replaces. */
export const versionRoutes = [
  route(
    {
      ...common,
      operationId: "listResumeVersions",
      tokenScope: "resumes:read",
      method: "get",
      path: "/api/resumes/{id}/versions/",
      params: idParams,
      summary: "List a resume's earlier versions (newest first)",
      description:
        "Each PUT/PATCH that changes the title or content keeps the state it replaces; the newest " +
        "RESUME_VERSIONS_KEEP are kept. `size` is the content's length in characters.",
      responses: {
        200: { description: "The versions.", schema: versionListSchema, example: [summary] },
      },
    },
    async (c) => {
      const rows = await listVersions(c.get("reader"), owned(c));
      return c.json(rows.map((r) => versionSummaryShape.serialize(r)));
    },
  ),
  route(
    {
      ...common,
      operationId: "getResumeVersion",
      tokenScope: "resumes:read",
      method: "get",
      path: "/api/resumes/{id}/versions/{vid}/",
      params: versionParams,
      summary: "Read one earlier version of a resume",
      responses: {
        200: {
          description: "The version.",
          schema: versionSchema,
          example: { id: 3, title: "Backend engineer", content: "# Alice\n...", created_at },
        },
      },
    },
    async (c) => {
      const row = await getVersion(c.get("reader"), owned(c), versionId(c));
      return c.json(versionShape.serialize(row));
    },
  ),
  route(
    {
      ...common,
      operationId: "restoreResumeVersion",
      tokenScope: "resumes:write",
      method: "post",
      path: "/api/resumes/{id}/versions/{vid}/restore/",
      params: versionParams,
      summary: "Put an earlier version back (the state it replaces becomes a version: undoable)",
      responses: { 200: { description: "The resume, restored.", schema: resumeSchema } },
    },
    async (c) => {
      const row = await restoreVersion(c.env.deps, owned(c), versionId(c));
      return c.json(toResumeJson(row, currentUser(c).username));
    },
  ),
] as const;
