import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { fieldError } from "../core/errors";
import type { Deps } from "../deps";
import { contentDisposition } from "../documents/filename";
import {
  CONTENT_TYPES,
  type ExportFormat,
  type RenderedDocument,
  type SourceDocument,
} from "../documents/formats";
import { overCap, tooLongMessage } from "../documents/limits";
import type { ResponseSpec } from "../route";

/**
 * A stored Markdown document as a download, for every feature that offers one (a resume's and a
 * cover letter's export, the share page's files). Not a feature: no route, no table.
 */

/**
 * A document as a file: content over the render cap (documents/limits.ts) is a 400 on `format`
 * before any rendering, in every format.
 */
export function renderFile(
  deps: Pick<Deps, "documents">,
  doc: SourceDocument,
  format: ExportFormat,
  opts: { fallbackName?: string } = {},
) {
  if (overCap(doc.content)) throw fieldError("format", tooLongMessage("export"));
  // Only the two fields cross to a worker thread, not the whole row.
  const source = { title: doc.title, content: doc.content };
  return deps.documents.run({ kind: "file", doc: source, format, ...opts });
}

/** Sends a rendered document as a download. */
export function sendFile(c: Context<AppEnv>, title: string, file: RenderedDocument): Response {
  const headers = {
    "Content-Type": file.contentType,
    "Content-Disposition": contentDisposition(file.filename, title),
  };
  return c.body(file.body, 200, headers);
}

/** The header every download declares. */
export const dispositionHeader = {
  "Content-Disposition": {
    description: "`attachment; filename=\"<safe ASCII name>\"; filename*=UTF-8''<the title>`",
    required: true,
  },
};

/** The media types of the Markdown, DOCX and PDF files. */
export const documentMedia = {
  "text/markdown": { description: "`md`: the Markdown as stored.", example: "# Alice Müller\n" },
  [CONTENT_TYPES.docx]: { description: "`docx`: a Word document.", binary: true },
  "application/pdf": { description: "`pdf`: an A4 PDF (standard fonts).", binary: true },
} satisfies ResponseSpec["alternatives"];
