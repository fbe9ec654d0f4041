import { currentUser } from "../../core/auth";
import { idParams } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import {
  coverLetterListSchema,
  coverLetterSchema,
  listCoverLettersQuerySchema,
  patchCoverLetterSchema,
} from "./cover-letters.schemas";
import { toCoverLetterJson } from "./cover-letters.serializers";
import {
  changeCoverLetter,
  deleteCoverLetter,
  getCoverLetter,
  listCoverLetters,
} from "./cover-letters.service";

const base = "/api/cover-letters/";
/** A letter as the document shows it (the generation route shows the same). */
export const coverLetterExample = {
  id: 5,
  job_application: 7,
  title: "Cover letter — Acme",
  content: "Dear Hiring Manager,\n\nI am writing to apply for ...",
  model: "Deepseek",
  created_at: "2026-01-15T10:30:00.123456Z",
  updated_at: "2026-01-15T10:30:00.123456Z",
};
const one = {
  description: "The cover letter.",
  schema: coverLetterSchema,
  example: coverLetterExample,
} as const;
const common = { tag: "cover-letters", access: "bearer" } as const;

type ItemContext = RouteContext<
  RouteSpec & { path: `${typeof base}{id}/`; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });

/** The caller's cover letters (written by `POST /api/job-applications/{id}/cover-letter/`). */
export const coverLetterRoutes = [
  route(
    {
      ...common,
      operationId: "listCoverLetters",
      method: "get",
      path: base,
      summary: "List your cover letters (newest change first)",
      description: "`job_application=<id>`: only the letters of that application.",
      query: listCoverLettersQuerySchema,
      responses: {
        200: {
          description: "Your cover letters.",
          schema: coverLetterListSchema,
          example: [coverLetterExample],
        },
      },
      errors: [400],
      index: { name: "cover-letters" },
    },
    async (c) => {
      const rows = await listCoverLetters(c.get("reader"), currentUser(c).id, c.req.valid("query"));
      return c.json(rows.map(toCoverLetterJson));
    },
  ),
  route(
    {
      ...common,
      operationId: "getCoverLetter",
      method: "get",
      path: `${base}{id}/`,
      params: idParams,
      summary: "Read one of your cover letters",
      responses: { 200: one },
    },
    async (c) => c.json(toCoverLetterJson(await getCoverLetter(c.get("reader"), owned(c)))),
  ),
  route(
    {
      ...common,
      operationId: "updateCoverLetter",
      method: "patch",
      path: `${base}{id}/`,
      params: idParams,
      summary: "Edit a cover letter's title or text",
      body: patchCoverLetterSchema,
      bodyExample: { content: "Dear Ms. Smith,\n\n..." },
      responses: { 200: one },
    },
    async (c) =>
      c.json(toCoverLetterJson(await changeCoverLetter(c.env.deps, owned(c), c.req.valid("json")))),
  ),
  route(
    {
      ...common,
      operationId: "deleteCoverLetter",
      method: "delete",
      path: `${base}{id}/`,
      params: idParams,
      summary: "Delete a cover letter",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await deleteCoverLetter(c.env.deps, owned(c));
      return c.body(null, 204);
    },
  ),
] as const;
