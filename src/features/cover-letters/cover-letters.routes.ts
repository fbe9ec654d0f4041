import { currentUser } from "../../core/auth";
import { rowPrecondition } from "../../core/etag";
import { idParams } from "../../core/http";
import { type ResponseSpec, type RouteContext, type RouteSpec, route } from "../../route";
import { dispositionHeader, documentMedia, sendFile } from "../downloads";
import {
  coverLetterListSchema,
  coverLetterSchema,
  letterExportQuerySchema,
  listCoverLettersQuerySchema,
  patchCoverLetterSchema,
} from "./cover-letters.schemas";
import { toCoverLetterJson } from "./cover-letters.serializers";
import {
  changeCoverLetter,
  deleteCoverLetter,
  exportCoverLetter,
  getCoverLetter,
  listCoverLetters,
} from "./cover-letters.service";

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

/** A letter's export: the files of a resume's but JSON Resume. */
const letterFileResponse: ResponseSpec = {
  description: "The file, as an attachment.",
  headers: dispositionHeader,
  alternatives: documentMedia,
};

type ItemContext = RouteContext<
  RouteSpec & { path: "/api/cover-letters/{id}/"; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });

/**
 * The caller's cover letters (written by `POST /api/job-applications/{id}/cover-letter/`), and
 * each as a file.
 */
export const coverLetterRoutes = [
  route(
    {
      ...common,
      operationId: "listCoverLetters",
      tokenScope: "letters:read",
      method: "get",
      path: "/api/cover-letters/",
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
      etag: true,
      tokenScope: "letters:read",
      method: "get",
      path: "/api/cover-letters/{id}/",
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
      etag: true,
      tokenScope: "letters:write",
      method: "patch",
      path: "/api/cover-letters/{id}/",
      params: idParams,
      summary: "Edit a cover letter's title or text",
      body: patchCoverLetterSchema,
      bodyExample: { content: "Dear Ms. Smith,\n\n..." },
      responses: { 200: one },
    },
    async (c) => {
      const check = rowPrecondition(c, toCoverLetterJson);
      const row = await changeCoverLetter(c.env.deps, owned(c), c.req.valid("json"), check);
      return c.json(toCoverLetterJson(row));
    },
  ),
  route(
    {
      ...common,
      operationId: "deleteCoverLetter",
      etag: true,
      tokenScope: "letters:write",
      method: "delete",
      path: "/api/cover-letters/{id}/",
      params: idParams,
      summary: "Delete a cover letter",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await deleteCoverLetter(c.env.deps, owned(c), rowPrecondition(c, toCoverLetterJson));
      return c.body(null, 204);
    },
  ),
  route(
    {
      ...common,
      tag: "documents",
      operationId: "exportCoverLetter",
      tokenScope: "letters:read",
      method: "get",
      path: "/api/cover-letters/{id}/export/",
      params: idParams,
      summary: "Download one of your cover letters as Markdown, DOCX or PDF",
      description:
        "`format`: `md` (the default: the Markdown as stored), `docx` (Word) or `pdf` (A4, standard fonts). A letter has no JSON Resume form: `json` is refused (400); nor is a letter over 50,000 characters rendered (400 on `format`).",
      query: letterExportQuerySchema,
      responses: { 200: letterFileResponse },
      errors: [400, 503],
    },
    async (c) => {
      const owned = { id: c.req.valid("param").id, userId: currentUser(c).id };
      const { title, file } = await exportCoverLetter(
        c.env.deps,
        c.get("reader"),
        owned,
        c.req.valid("query").format,
      );
      return sendFile(c, title, file);
    },
  ),
] as const;
