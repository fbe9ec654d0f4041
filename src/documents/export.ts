import { renderDocx } from "./docx";
import { safeFilename } from "./filename";
import {
  CONTENT_TYPES,
  type ExportFormat,
  type RenderedDocument,
  type SourceDocument,
} from "./formats";
import { toJsonResume } from "./json-resume";
import { parseMarkdown } from "./markdown";
import { renderPdf } from "./pdf";

export { contentDisposition, safeFilename } from "./filename";
export {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  type ExportFormat,
  type RenderedDocument,
  type SourceDocument,
} from "./formats";

/**
 * A stored Markdown document as a file: Markdown as stored, or rendered from one parse of it
 * (raw HTML in the Markdown stays text). Pure: runs the same on Node and Workers.
 */
export async function renderDocument(
  doc: SourceDocument,
  format: ExportFormat,
  options: { fallbackName?: string } = {},
): Promise<RenderedDocument> {
  const filename = safeFilename(doc.title, format, options.fallbackName);
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
