/**
 * The export formats and what a rendered file is: light, so that routes and schemas can name
 * them without loading the renderers (`export.ts`: docx, pdf-lib, markdown-it).
 */
export const EXPORT_FORMATS = ["md", "docx", "pdf", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/**
 * The longest content rendered as a laid-out file (DOCX, PDF): about 15 pages. Rendering costs
 * grow with the content (1 MB of hostile Markdown took 6-20 s of CPU), and a share link lets
 * anyone ask for it; Markdown and JSON stay uncapped (linear and cheap).
 */
export const LAYOUT_MAX_CHARS = 50_000;
export const LAID_OUT: ReadonlySet<ExportFormat> = new Set(["docx", "pdf"]);

/** A letter is no resume: it has no JSON Resume form. */
export const LETTER_FORMATS = ["md", "docx", "pdf"] as const;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  json: "application/json",
};

export interface RenderedDocument {
  readonly body: Uint8Array<ArrayBuffer> | string;
  readonly contentType: string;
  readonly filename: string;
}

export interface SourceDocument {
  readonly title: string;
  readonly content: string;
}
