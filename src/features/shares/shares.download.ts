import { ApiError } from "../../core/errors";
import type { DownloadFormat } from "../../documents/html";

/** The formats a shared page offers and `?format=` serves. */
export const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ["md"];

export interface Download {
  body: Uint8Array | string;
  contentType: string;
  filename: string;
}

/** A file name from the title: ASCII letters, digits, `-`, `_` and `.`, never empty. */
export function safeFilename(title: string, ext: string): string {
  const stem = title
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
  return `${stem || "resume"}.${ext}`;
}

/** The shared resume as a file: Markdown as stored. */
export async function renderDownload(
  doc: { title: string; content: string },
  format: DownloadFormat,
): Promise<Download> {
  if (format === "md") {
    return {
      body: doc.content,
      contentType: "text/markdown; charset=utf-8",
      filename: safeFilename(doc.title, "md"),
    };
  }
  throw new ApiError(404, { detail: `The ${format} download is not available.` });
}
