import { ApiError, fieldError } from "../../core/errors";
import type { Db, Owned } from "../../db/client";
import type { Deps } from "../../deps";
import type { ExportFormat, SourceDocument } from "../../documents/formats";
import { importedPart, textsOf } from "../../documents/json-resume-input";
import { overCap, textsOverCap, tooLongMessage } from "../../documents/limits";
import { getCoverLetter } from "../cover-letters/cover-letters.service";
import { createResume, getResume } from "../resumes/resumes.service";
import type { JsonResumeInput } from "./exports.schemas";

/**
 * A document as a file, for every caller (exports and share links): content over the render cap
 * (documents/limits.ts) is a 400 on `format` before any rendering, in every format.
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

/** One of the caller's resumes as a file; another user's answers 404 as a missing one does. */
export async function exportResume(deps: Deps, reader: Db, owned: Owned, format: ExportFormat) {
  const row = await getResume(reader, owned);
  return { title: row.title, file: await renderFile(deps, row, format) };
}

/** One of the caller's cover letters as a file (404 for another user's, as for a missing one). */
export async function exportCoverLetter(
  deps: Deps,
  reader: Db,
  owned: Owned,
  format: ExportFormat,
) {
  const row = await getCoverLetter(reader, owned);
  const file = await renderFile(deps, row, format, { fallbackName: "cover-letter" });
  return { title: row.title, file };
}

/**
 * A new resume written in Markdown from a JSON Resume document. The text the import writes is
 * capped as an export's is (400 before the conversion starts).
 */
export async function importResume(deps: Deps, userId: number, doc: JsonResumeInput) {
  const part = importedPart(doc);
  if (textsOverCap(textsOf(part))) {
    throw new ApiError(400, { non_field_errors: [tooLongMessage("import")] });
  }
  const { title, content } = await deps.documents.run({ kind: "import", doc: part });
  if (!content.trim()) {
    throw new ApiError(400, {
      non_field_errors: ["The document has nothing to import: no name and no sections."],
    });
  }
  return createResume(deps, userId, { title, content });
}
