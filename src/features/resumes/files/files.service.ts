import { ApiError } from "../../../core/errors";
import type { Db, Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import type { ExportFormat } from "../../../documents/formats";
import { importedPart, textsOf } from "../../../documents/json-resume-input";
import { textsOverCap, tooLongMessage } from "../../../documents/limits";
import { renderFile } from "../../downloads";
import { createResume, getResume } from "../resumes.service";
import type { JsonResumeInput } from "./files.schemas";

/** One of the caller's resumes as a file; another user's answers 404 as a missing one does. */
export async function exportResume(deps: Deps, reader: Db, owned: Owned, format: ExportFormat) {
  const row = await getResume(reader, owned);
  return { title: row.title, file: await renderFile(deps, row, format) };
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
