import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { detailErrorSchema } from "../../../openapi/errors.schemas";
import { route } from "../../../route";
import { resumeSchema } from "../resumes.schemas";
import { toResumeJson } from "../resumes.serializers";
import { trashListSchema, trashShape } from "./trash.schemas";
import { listTrash, restoreTrash } from "./trash.service";

const common = { tag: "resumes", access: "bearer" } as const;

/**
 * Deleted resumes (DELETE /api/resumes/{id}/ moves them here). Listed in `apiRoutes` before the
 * resumes' own routes: `/api/resumes/trash/` must be matched before `/api/resumes/{id}/`.
 */
export const trashRoutes = [
  route(
    {
      ...common,
      operationId: "listTrash",
      tokenScope: "resumes:read",
      method: "get",
      path: "/api/resumes/trash/",
      summary: "List your deleted resumes (newest deleted first)",
      description:
        "A deleted resume stays here TRASH_DAYS days, then it and its versions are purged.",
      responses: {
        200: {
          description: "The trash.",
          schema: trashListSchema,
          example: [
            {
              id: 12,
              title: "Backend engineer",
              deleted_at: "2026-01-15T10:30:00.123456Z",
              purge_at: "2026-02-14T10:30:00.123456Z",
            },
          ],
        },
      },
    },
    async (c) => {
      const rows = await listTrash(c.get("reader"), currentUser(c).id);
      return c.json(rows.map((r) => trashShape.serialize(r)));
    },
  ),
  route(
    {
      ...common,
      operationId: "restoreTrash",
      tokenScope: "resumes:write",
      method: "post",
      path: "/api/resumes/trash/{id}/restore/",
      params: idParams,
      summary: "Put a deleted resume back (same id, its versions, its applications relinked)",
      responses: {
        200: { description: "The resume, restored.", schema: resumeSchema },
        409: {
          description: "The id is in use again (only a row inserted by hand can do that).",
          schema: detailErrorSchema,
        },
      },
    },
    async (c) => {
      const user = currentUser(c);
      const row = await restoreTrash(c.env.deps, {
        id: c.req.valid("param").id,
        userId: user.id,
      });
      return c.json(toResumeJson(row, user.username));
    },
  ),
] as const;
