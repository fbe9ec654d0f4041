import { ApiError, fieldError } from "../../core/errors";
import type { Db, Owned } from "../../db/client";
import type { Deps } from "../../deps";
import {
  type ExportFormat,
  LAID_OUT,
  LAYOUT_MAX_CHARS,
  type SourceDocument,
} from "../../documents/formats";
import { jsonResumeTitle, jsonResumeToMarkdown } from "../../documents/json-resume-markdown";
import { getCoverLetter } from "../cover-letters/cover-letters.service";
import { createResume, getResume } from "../resumes/resumes.service";
import type { JsonResumeInput } from "./exports.schemas";

/**
 * The renderers (docx, pdf-lib, markdown-it: 1.5 MB of modules) load with the first export, not
 * with the app: they doubled its import time (BENCHMARKS.md #23).
 */
const renderers = () => import("../../documents/export");

/**
 * A document as a file, for every caller (exports and share links): a laid-out format of content
 * over LAYOUT_MAX_CHARS is a 400 on `format` before any rendering (Markdown still downloads).
 */
export async function renderFile(
  doc: SourceDocument,
  format: ExportFormat,
  opts?: { fallbackName?: string },
) {
  const long = doc.content.length > LAYOUT_MAX_CHARS && [...doc.content].length > LAYOUT_MAX_CHARS;
  if (LAID_OUT.has(format) && long) {
    throw fieldError(
      "format",
      `This document is too long to export as ${format}: at most ${LAYOUT_MAX_CHARS} characters. Use md.`,
    );
  }
  const { renderDocument } = await renderers();
  return renderDocument(doc, format, opts);
}

/** One of the caller's resumes as a file; another user's answers 404 as a missing one does. */
export async function exportResume(reader: Db, owned: Owned, format: ExportFormat) {
  const row = await getResume(reader, owned);
  return { title: row.title, file: await renderFile(row, format) };
}

/** One of the caller's cover letters as a file (404 for another user's, as for a missing one). */
export async function exportCoverLetter(reader: Db, owned: Owned, format: ExportFormat) {
  const row = await getCoverLetter(reader, owned);
  const file = await renderFile(row, format, { fallbackName: "cover-letter" });
  return { title: row.title, file };
}

/** A new resume written in Markdown from a JSON Resume document. */
export function importResume(deps: Deps, userId: number, doc: JsonResumeInput) {
  const content = jsonResumeToMarkdown(doc);
  if (!content.trim()) {
    throw new ApiError(400, {
      non_field_errors: ["The document has nothing to import: no name and no sections."],
    });
  }
  return createResume(deps, userId, { title: jsonResumeTitle(doc), content });
}
