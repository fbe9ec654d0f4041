import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { currentUser } from "../../core/auth";
import { idParams } from "../../core/http";
import { contentDisposition } from "../../documents/filename";
import { CONTENT_TYPES, type RenderedDocument } from "../../documents/formats";
import { type ResponseSpec, route } from "../../route";
import { resumeSchema } from "../resumes/resumes.schemas";
import { toResumeJson } from "../resumes/resumes.serializers";
import {
  exportQuerySchema,
  importResumeSchema,
  jsonResumeSchema,
  letterExportQuerySchema,
} from "./exports.schemas";
import { exportCoverLetter, exportResume, importResume } from "./exports.service";

const common = { tag: "documents", access: "bearer" } as const;

const jsonResumeExample = {
  $schema: "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
  basics: { name: "Alice Müller", label: "Backend engineer", email: "alice@example.com" },
  work: [
    {
      name: "Acme",
      position: "Senior engineer",
      startDate: "2021-01",
      highlights: ["Cut p99 latency from 800 ms to 120 ms."],
    },
  ],
  skills: [{ name: "Backend", keywords: ["Go", "PostgreSQL"] }],
};

const disposition = {
  "Content-Disposition": {
    description: "`attachment; filename=\"<safe ASCII name>\"; filename*=UTF-8''<the title>`",
    required: true,
  },
};
const documentMedia = {
  "text/markdown": { description: "`md`: the Markdown as stored.", example: "# Alice Müller\n" },
  [CONTENT_TYPES.docx]: { description: "`docx`: a Word document.", binary: true },
  "application/pdf": { description: "`pdf`: an A4 PDF (standard fonts).", binary: true },
};

/** The answer of a resume's export: one file, its media type chosen by `?format=`. */
export const fileResponse: ResponseSpec = {
  description:
    "The file, as an attachment. `json` is JSON Resume 1.0 (schema below; sections with titles it has no key for are kept as text in `meta.sections`).",
  schema: jsonResumeSchema,
  example: jsonResumeExample,
  headers: disposition,
  alternatives: documentMedia,
};

/** A cover letter's: the same files but JSON Resume. */
const letterFileResponse: ResponseSpec = {
  description: "The file, as an attachment.",
  headers: disposition,
  alternatives: documentMedia,
};

/** Sends a rendered document as a download. */
export function sendFile(c: Context<AppEnv>, title: string, file: RenderedDocument): Response {
  const headers = {
    "Content-Type": file.contentType,
    "Content-Disposition": contentDisposition(file.filename, title),
  };
  return c.body(file.body, 200, headers);
}

/** Resumes as files (Markdown, DOCX, PDF, JSON Resume), and JSON Resume documents as resumes. */
export const exportRoutes = [
  route(
    {
      ...common,
      operationId: "importResume",
      method: "post",
      path: "/api/resumes/import/",
      errors: [503],
      summary: "Create a resume from a JSON Resume document",
      description:
        "The document (JSON Resume 1.0; every field optional, unknown keys ignored) is written as a Markdown resume: the name as H1, the label and a contact line under it, an H2 per section, an H3 per entry, bullets for highlights. The title is `name (label)`, or `Imported Resume`. A document with neither a name nor any section is refused (400), and so is one whose text the import would write is over 50,000 characters (the render cap; a photo or unknown keys do not count).",
      body: importResumeSchema,
      bodyExample: jsonResumeExample,
      responses: { 201: { description: "The new resume.", schema: resumeSchema } },
    },
    async (c) => {
      const user = currentUser(c);
      const row = await importResume(c.env.deps, user.id, c.req.valid("json"));
      return c.json(toResumeJson(row, user.username), 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "exportResume",
      method: "get",
      path: "/api/resumes/{id}/export/",
      params: idParams,
      summary: "Download one of your resumes as Markdown, DOCX, PDF or JSON Resume",
      description:
        "`format`: `md` (the default: the Markdown as stored), `docx` (Word), `pdf` (A4, standard fonts; characters they lack become `?`) or `json` (JSON Resume 1.0 read from the headings: H1 the name, a contact line, H2 sections by title, H3 entries with dates, bullets as highlights). Raw HTML in the Markdown stays text. A resume over 50,000 characters (the render cap) is not rendered in any format: 400 on `format`.",
      query: exportQuerySchema,
      responses: { 200: fileResponse },
      errors: [400, 503],
    },
    async (c) => {
      const owned = { id: c.req.valid("param").id, userId: currentUser(c).id };
      const { title, file } = await exportResume(
        c.env.deps,
        c.get("reader"),
        owned,
        c.req.valid("query").format,
      );
      return sendFile(c, title, file);
    },
  ),
  route(
    {
      ...common,
      operationId: "exportCoverLetter",
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
