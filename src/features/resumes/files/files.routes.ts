import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { type ResponseSpec, route } from "../../../route";
import { dispositionHeader, documentMedia, sendFile } from "../../downloads";
import { resumeSchema } from "../resumes.schemas";
import { toResumeJson } from "../resumes.serializers";
import { exportQuerySchema, importResumeSchema, jsonResumeSchema } from "./files.schemas";
import { exportResume, importResume } from "./files.service";

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

/** The answer of a resume's export: one file, its media type chosen by `?format=`. */
export const fileResponse: ResponseSpec = {
  description:
    "The file, as an attachment. `json` is JSON Resume 1.0 (schema below; sections with titles it has no key for are kept as text in `meta.sections`).",
  schema: jsonResumeSchema,
  example: jsonResumeExample,
  headers: dispositionHeader,
  alternatives: documentMedia,
};

/** Resumes as files (Markdown, DOCX, PDF, JSON Resume), and JSON Resume documents as resumes. */
export const resumeFileRoutes = [
  route(
    {
      ...common,
      operationId: "importResume",
      tokenScope: "resumes:write",
      idempotent: true,
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
      tokenScope: "resumes:read",
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
] as const;
