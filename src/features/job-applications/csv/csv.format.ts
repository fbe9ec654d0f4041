import { ApiError } from "../../../core/errors";
import { loadOnce } from "../../../core/lazy";

/** The parser is loaded on the first import, not with the app (a cold Worker skips it). */
const csvParser = loadOnce(() => import("csv-parse/sync"));

/** Data rows an import takes (docs/API.md); one more is read to tell that there are more. */
export const IMPORT_MAX_ROWS = 500;
/** One record (a row with its quoted newlines) may not exceed this many characters. */
const MAX_RECORD_CHARS = 200_000;

/** The fields a CSV column can fill, and the headers (normalised) that name each. */
const ALIASES: Record<string, string> = {
  jobtitle: "job_title",
  position: "job_title",
  title: "job_title",
  companyname: "company_name",
  company: "company_name",
  status: "status",
  stage: "status",
  dateapplied: "date_applied",
  applied: "date_applied",
  date: "date_applied",
  jobpostinglink: "job_posting_link",
  url: "job_posting_link",
  link: "job_posting_link",
  originaljobdescription: "original_job_description",
  description: "original_job_description",
  notes: "notes",
};

/** A header as spreadsheets and other trackers write it, without case, spaces and underscores. */
export const normalizeHeader = (h: string) => h.toLowerCase().replace(/[\s_]/g, "");

/** The field each column fills (null: ignored); a field named twice is taken from the first. */
export function columnFields(header: readonly string[]): (string | null)[] {
  const seen = new Set<string>();
  return header.map((h) => {
    const field = ALIASES[normalizeHeader(h.slice(0, 100))];
    if (!field || seen.has(field)) return null;
    seen.add(field);
    return field;
  });
}

const csvError = (detail: string) => new ApiError(400, { detail: `CSV parse error - ${detail}` });

/**
 * The header and at most IMPORT_MAX_ROWS + 1 data records of RFC 4180 text (a BOM dropped,
 * empty lines skipped). A malformed text is a 400 naming the line, never the parser's text.
 */
export async function readCsv(text: string): Promise<{ header: string[]; records: string[][] }> {
  const { parse } = await csvParser();
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_CHARS,
      to: IMPORT_MAX_ROWS + 2,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    const code = (err as { code?: unknown }).code;
    const where = typeof line === "number" ? ` at line ${line}` : "";
    throw csvError(`${typeof code === "string" ? code : "malformed CSV"}${where}`);
  }
  const [header, ...rest] = records;
  if (!header) throw csvError("the text has no header row");
  return { header, records: rest };
}

/** A cell a spreadsheet would run as a formula (or that starts with a tab or CR). */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * Whether a cell is guarded text: quotes (any number, none included) then a formula character.
 * The import takes one quote off such a cell, so the export adds one to each of them: a value
 * that itself starts with `'=` must come back with its quote.
 */
function formulaAfterQuotes(v: string): boolean {
  let i = 0;
  while (v.charAt(i) === "'") i++;
  return FORMULA_START.has(v.charAt(i));
}

/** An exported cell is never run as a formula: a leading `'` neutralises it (OWASP). */
export const safeCell = (v: string) => (formulaAfterQuotes(v) ? `'${v}` : v);

/** The inverse on import, so an export reads back as it was written. */
export const unescapeCell = (v: string) =>
  v.startsWith("'") && formulaAfterQuotes(v) ? v.slice(1) : v;

/** RFC 4180: a field with a comma, a quote, CR or LF is quoted, its quotes doubled. */
function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** One CSV line (CRLF-terminated, as RFC 4180 writes them) of safe, quoted cells. */
export const csvLine = (cells: readonly (string | null)[]) =>
  `${cells.map((c) => quote(safeCell(c ?? ""))).join(",")}\r\n`;
