import { notFound } from "../../core/errors";
import type { RowCheck } from "../../core/etag";
import { timestampNow } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import type { Deps } from "../../deps";
import type { ExportFormat } from "../../documents/formats";
import { renderFile } from "../downloads";
import type { CoverLetterRow } from "./cover-letters.queries";
import * as queries from "./cover-letters.queries";
import type { ListCoverLettersQuery, PatchCoverLetterInput } from "./cover-letters.schemas";

/** The caller's letters (of one application with `?job_application=`), newest change first. */
export const listCoverLetters = (reader: Db, userId: number, q: ListCoverLettersQuery) =>
  queries.listCoverLetters(reader, {
    userId,
    ...(q.job_application !== undefined ? { jobApplicationId: q.job_application } : {}),
  });

/** An owned letter; another user's answers 404 as a missing one does. */
export async function getCoverLetter(reader: Db, owned: Owned) {
  const row = await queries.findCoverLetter(reader, owned);
  if (!row) throw notFound();
  return row;
}

/** `check`: the request's If-Match on the letter as it is (see core/etag.ts). */
export async function changeCoverLetter(
  deps: Deps,
  owned: Owned,
  input: PatchCoverLetterInput,
  check?: RowCheck<CoverLetterRow>,
) {
  const changes = { ...input, now: timestampNow(deps.clock) };
  const row = await queries.updateCoverLetter(deps.database.db, owned, changes, check);
  if (!row) throw notFound();
  return row;
}

export async function deleteCoverLetter(
  deps: Deps,
  owned: Owned,
  check?: RowCheck<CoverLetterRow>,
) {
  if (!(await queries.deleteCoverLetter(deps.database.db, owned, check))) throw notFound();
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
