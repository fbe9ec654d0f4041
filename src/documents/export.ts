import { renderDocx } from "./docx";
import { safeFilename } from "./filename";
import { toJsonResume } from "./json-resume";
import { parseMarkdown } from "./markdown";
import { renderPdf } from "./pdf";

export { contentDisposition, safeFilename } from "./filename";

export const EXPORT_FORMATS = ["md", "docx", "pdf", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RenderedDocument {
  readonly body: Uint8Array<ArrayBuffer> | string;
  readonly contentType: string;
  readonly filename: string;
}

export interface SourceDocument {
  readonly title: string;
  readonly content: string;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  json: "application/json",
};

/**
 * A stored Markdown document as a file: Markdown as stored, or rendered from one parse of it
 * (raw HTML in the Markdown stays text). Pure: runs the same on Node and Workers.
 */
export async function renderDocument(
  doc: SourceDocument,
  format: ExportFormat,
): Promise<RenderedDocument> {
  const filename = safeFilename(doc.title, format);
  const contentType = CONTENT_TYPES[format];
  if (format === "md") return { body: doc.content, contentType, filename };
  const blocks = parseMarkdown(doc.content);
  const body =
    format === "docx"
      ? await renderDocx(blocks, doc.title)
      : format === "pdf"
        ? await renderPdf(blocks, doc.title)
        : `${JSON.stringify(toJsonResume(blocks), null, 2)}\n`;
  return { body, contentType, filename };
}
