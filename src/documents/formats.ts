/**
 * The export formats and what a rendered file is: light, so that routes and schemas can name
 * them without loading the renderers (`export.ts`: docx, pdf-lib, markdown-it).
 */
export const EXPORT_FORMATS = ["md", "docx", "pdf", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
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
