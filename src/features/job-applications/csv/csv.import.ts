import { ApiError, validationError } from "../../../core/errors";
import { inFieldOrder, toFieldErrors } from "../../../core/field-errors";
import { timestampNow } from "../../../core/timestamps";
import type { Deps } from "../../../deps";
import { emitEvents } from "../../webhooks";
import { insertJobApplications } from "../job-applications.queries";
import {
  type JobApplicationInput,
  jobApplicationInputSchema,
  STATUSES,
} from "../job-applications.schemas";
import { toJobApplicationEventJson } from "../job-applications.serializers";
import { toColumns } from "../job-applications.service";
import { columnFields, IMPORT_MAX_ROWS, readCsv, unescapeCell } from "./csv.format";

type RowErrors = Record<string, Record<string, string[]>>;

/** A status as other trackers write it (`applied`, `OFFER`) is read as the choice it names. */
function canonicalStatus(v: string): string {
  const lower = v.toLowerCase();
  return STATUSES.find((s) => s.toLowerCase() === lower) ?? v;
}

/**
 * One record as the POST body it stands for: blank cells are left out (the defaults apply). The
 * application has no column for the posting's link: it is kept as a `Source: <link>` line after
 * the notes, as posting intake keeps a page's address, so nothing the file held is dropped.
 */
function bodyOf(fields: (string | null)[], record: string[]): Record<string, string> | null {
  const body: Record<string, string> = {};
  let link: string | undefined;
  fields.forEach((field, i) => {
    const cell = unescapeCell(record[i] ?? "");
    if (!field || cell.trim() === "") return;
    if (field === "job_posting_link") link = cell.trim();
    else body[field] = field === "status" ? canonicalStatus(cell.trim()) : cell;
  });
  if (link !== undefined)
    body.notes = body.notes === undefined ? `Source: ${link}` : `${body.notes}\nSource: ${link}`;
  return Object.keys(body).length === 0 ? null : body;
}

/**
 * Each data row validated as a POST body. Any bad row: one 400 naming every bad row by its
 * number (data rows from 1) and nothing is written. Rows whose cells are all blank are skipped.
 */
export async function parseImport(text: string): Promise<JobApplicationInput[]> {
  const { header, records } = await readCsv(text);
  if (records.length > IMPORT_MAX_ROWS)
    throw validationError({
      non_field_errors: [`Ensure the file has no more than ${IMPORT_MAX_ROWS} rows.`],
    });
  const fields = columnFields(header);
  const inputs: JobApplicationInput[] = [];
  const errors: RowErrors = {};
  records.forEach((record, i) => {
    const body = bodyOf(fields, record);
    if (!body) return;
    const parsed = jobApplicationInputSchema.safeParse(body);
    if (parsed.success) inputs.push(parsed.data);
    else
      errors[String(i + 1)] = inFieldOrder(
        jobApplicationInputSchema,
        toFieldErrors(parsed.error.issues),
      );
  });
  if (Object.keys(errors).length > 0) throw new ApiError(400, { rows: errors });
  if (inputs.length === 0)
    throw validationError({ non_field_errors: ["The file has no data rows."] });
  return inputs;
}

/**
 * Creates every row and its `created` entry in one statement, and the rows'
 * `job_application.created` webhook events in the same transaction (all or nothing).
 */
export async function importApplications(deps: Deps, userId: number, text: string) {
  const inputs = await parseImport(text);
  const now = timestampNow(deps.clock);
  const ids = await deps.database.db.transaction(async (tx) => {
    const rows = await insertJobApplications(tx, { userId, now, rows: inputs.map(toColumns) });
    const events = rows.map((row) => ({
      type: "job_application.created" as const,
      data: toJobApplicationEventJson(row),
    }));
    await emitEvents(tx, userId, events, now);
    return rows.map((r) => r.id);
  });
  return { created: ids.length, ids };
}
