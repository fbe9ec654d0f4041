import type { Db } from "../../../db/client";
import type { JobApplicationRow } from "../job-applications.queries";
import { type ListJobApplicationsQuery, STATUSES } from "../job-applications.schemas";
import { listForExport } from "../job-applications.service";
import { csvLine } from "./csv.format";
import { firstStatusDays } from "./csv.queries";

/** The most rows one export writes (the newest first by default: the list's ordering). */
export const EXPORT_MAX_ROWS = 5000;

/** The columns: the import's own names first (so an export imports back), then the dates. */
export const EXPORT_HEADER = [
  "job_title",
  "company_name",
  "status",
  "date_applied",
  "original_job_description",
  "notes",
  "created_at",
  ...STATUSES.map((s) => `reached_${s.toLowerCase()}`),
];

/** The first day each application reached each status, by application. */
function reachedDays(entries: { applicationId: number; status: string | null; day: string }[]) {
  const out = new Map<number, Map<string, string>>();
  for (const e of entries) {
    if (!e.status) continue;
    let days = out.get(e.applicationId);
    if (!days) {
      days = new Map();
      out.set(e.applicationId, days);
    }
    days.set(e.status, e.day);
  }
  return out;
}

/**
 * One row's dates per status: the timeline's; `Applied` is the user's own `date_applied` when
 * set. A row without entries (made before the timeline existed) has its current status dated
 * `date_applied`, else the day it was created.
 */
function statusDates(row: JobApplicationRow, days: Map<string, string> | undefined) {
  const created = row.createdAt.slice(0, 10);
  return STATUSES.map((s) => {
    if (s === "Applied" && row.dateApplied) return row.dateApplied;
    if (days) return days.get(s) ?? null;
    return s === row.status ? (row.dateApplied ?? created) : null;
  });
}

/** The caller's applications the list's filters select, as CSV text (header row first). */
export async function exportCsv(reader: Db, userId: number, q: ListJobApplicationsQuery) {
  const rows = await listForExport(reader, userId, q, EXPORT_MAX_ROWS);
  // Only the exported rows' history, one day per status: bounded by the export's own cap.
  const ids = rows.map((r) => r.id);
  const days = reachedDays(ids.length ? await firstStatusDays(reader, { userId, ids }) : []);
  const lines = [csvLine(EXPORT_HEADER)];
  for (const r of rows) {
    lines.push(
      csvLine([
        r.jobTitle,
        r.companyName,
        r.status,
        r.dateApplied,
        r.originalJobDescription,
        r.notes,
        r.createdAt,
        ...statusDates(r, days.get(r.id)),
      ]),
    );
  }
  return lines.join("");
}
