import { ApiError } from "../../core/errors";
import type { Db, Owned } from "../../db/client";
import type { Deps } from "../../deps";
import { type ExportFormat, renderDocument } from "../../documents/export";
import { jsonResumeTitle, jsonResumeToMarkdown } from "../../documents/json-resume-markdown";
import { createResume, getResume } from "../resumes/resumes.service";
import type { JsonResumeInput } from "./exports.schemas";

/** One of the caller's resumes as a file; another user's answers 404 as a missing one does. */
export async function exportResume(reader: Db, owned: Owned, format: ExportFormat) {
  const row = await getResume(reader, owned);
  return { title: row.title, file: await renderDocument(row, format) };
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
