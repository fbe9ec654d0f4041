import * as z from "zod";
import { currentUser } from "../../../core/auth";
import { bodyText } from "../../../core/body";
import { ApiError } from "../../../core/errors";
import { choiceField } from "../../../core/fields";
import { contentDisposition } from "../../../documents/filename";
import { route } from "../../../route";
import { dispositionHeader } from "../../downloads";
import { listJobApplicationsQuerySchema } from "../job-applications.schemas";
import { bulkWriteScope } from "../job-applications.throttle";
import { exportCsv } from "./csv.export";
import { IMPORT_MAX_ROWS } from "./csv.format";
import { importApplications, parseImport } from "./csv.import";

const common = { tag: "job-applications", access: "bearer" } as const;
const CSV_TYPES = new Set(["text/csv", "application/csv", "text/plain"]);
const TRUE = new Set(["true", "True", "1"]);

const EXPORT_EXAMPLE =
  "job_title,company_name,status,date_applied,original_job_description,notes,created_at,reached_applied,reached_interviewing,reached_offer,reached_rejected\r\nBackend engineer,Acme,Interviewing,2026-01-15,,,2026-01-15T10:30:00.123456Z,2026-01-15,2026-01-22,,\r\n";
const importQuerySchema = z.object({ dry_run: z.string().optional() });
const exportQuerySchema = listJobApplicationsQuerySchema.extend({
  format: choiceField(["csv"]).optional(),
});
const importResultSchema = z.object({
  created: z.number().int(),
  ids: z.array(z.number().int()).optional(),
  valid: z.number().int().optional(),
});
/** The import's 400s: bad rows, a file-level problem, or text the parser cannot read. */
const importErrorSchema = z.union([
  z.object({
    rows: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
  }),
  z.object({ non_field_errors: z.array(z.string()) }),
  z.object({ detail: z.string() }),
]);
const CSV_EXAMPLE =
  'Company,Position,Stage,Date,URL\r\nAcme,Backend engineer,Applied,2026-01-15,https://acme.example/jobs/1\r\n"Initech, Inc.",SRE,interviewing,2026-01-20,\r\n';

/** Applications in and out of spreadsheets and other trackers, as CSV. */
export const csvRoutes = [
  route(
    {
      ...common,
      operationId: "importJobApplications",
      tokenScope: "applications:write",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/import/",
      throttle: [bulkWriteScope],
      summary: "Create applications from a CSV file (all or nothing)",
      description: `A \`text/csv\` body (UTF-8, a BOM ignored, RFC 4180 quoting), at most ${IMPORT_MAX_ROWS} data rows under a header row. Headers are matched without regard to case, spaces and underscores: \`job_title\` (\`Job Title\`, \`Position\`, \`Title\`), \`company_name\` (\`Company\`), \`status\` (\`Stage\`; its value without regard to case), \`date_applied\` (\`Applied\`, \`Date\`), \`original_job_description\` (\`Description\`), \`notes\`; \`job_posting_link\` (\`URL\`, \`Link\`) is kept as a \`Source: <link>\` line after the notes (an application has no such field; posting intake does the same); other columns are ignored. Each row is validated as a POST body; blank cells take the defaults. Any bad row: 400 \`{"rows": {"<n>": {"<field>": ["..."]}}}\` (data rows counted from 1) and nothing is written. \`?dry_run=true\` validates only: 200 \`{created: 0, valid: n}\`. Each application gets its \`created\` timeline entry.`,
      query: importQuerySchema,
      rawBody: { mediaType: "text/csv", example: CSV_EXAMPLE },
      responses: {
        201: {
          description: "Created: how many, and their ids.",
          schema: importResultSchema,
          example: { created: 2, ids: [41, 42] },
        },
        200: {
          description: "Dry run: how many rows are valid (nothing written).",
          schema: importResultSchema,
          example: { created: 0, valid: 2 },
        },
        400: {
          description: "Bad rows (nothing written), too many or no rows, or malformed CSV.",
          schema: importErrorSchema,
          example: { rows: { "2": { status: ['"Bogus" is not a valid choice.'] } } },
        },
      },
    },
    async (c) => {
      const raw = c.req.header("content-type") ?? "";
      const media = raw.split(";")[0]?.trim().toLowerCase() ?? "";
      if (!CSV_TYPES.has(media))
        throw new ApiError(415, { detail: `Unsupported media type "${raw}" in request.` });
      // The entry's reader stops at MAX_BODY_BYTES (413) before anything is parsed.
      const text = await bodyText(c);
      if (TRUE.has(c.req.valid("query").dry_run ?? ""))
        return c.json({ created: 0, valid: (await parseImport(text)).length }, 200);
      return c.json(await importApplications(c.env.deps, currentUser(c).id, text), 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "exportJobApplications",
      tokenScope: "applications:read",
      method: "get",
      path: "/api/job-applications/export/",
      summary: "Download your applications as CSV, with the date each status was reached",
      description:
        "The list's filters and ordering (`status`, `search`, `ordering`, `deleted`); at most 5,000 rows. Columns: `job_title`, `company_name`, `status`, `date_applied`, `original_job_description`, `notes`, `created_at`, then `reached_applied`, `reached_interviewing`, `reached_offer`, `reached_rejected`: the UTC day the timeline first shows the status (`reached_applied` is `date_applied` when set; an application without timeline entries has its current status dated `date_applied`). The file imports back. A cell starting with `=`, `+`, `-`, `@`, a tab or CR (or with `'`s before one of them) is written with one more leading `'`, so no spreadsheet runs it as a formula (the import removes one again).",
      query: exportQuerySchema,
      responses: {
        200: {
          description: "The CSV file, as an attachment.",
          headers: dispositionHeader,
          alternatives: { "text/csv": { description: "The CSV file.", example: EXPORT_EXAMPLE } },
        },
      },
      errors: [400],
    },
    async (c) => {
      const csv = await exportCsv(c.get("reader"), currentUser(c).id, c.req.valid("query"));
      return c.body(csv, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": contentDisposition("job-applications.csv"),
      });
    },
  ),
] as const;
