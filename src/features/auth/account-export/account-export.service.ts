import type { Timestamp } from "../../../core/timestamps";
import type { Db } from "../../../db/client";
import { accountRows, type ExportRow } from "./account-export.queries";

/** The export's format version, for a future importer. */
export const EXPORT_FORMAT = 1;

/**
 * Everything the account owns, as one JSON document: resumes carry their versions, contacts
 * the ids of the applications they are linked to; share links
 * and personal tokens come without their hashes, webhooks without their signing secrets, the
 * profile without the password's.
 */
export async function exportAccount(db: Db, userId: number, now: Timestamp) {
  const rows = await accountRows(db, userId);
  const versions = new Map<unknown, ExportRow[]>();
  for (const v of rows.resumeVersions) {
    versions.set(v.resume_id, [...(versions.get(v.resume_id) ?? []), v]);
  }
  const links = new Map<unknown, number[]>();
  for (const l of rows.contactLinks) {
    links.set(l.contactId, [...(links.get(l.contactId) ?? []), l.jobApplicationId]);
  }
  return {
    format: EXPORT_FORMAT,
    exported_at: now,
    profile: rows.profile ?? null,
    resumes: rows.resumes.map((r) => ({ ...r, versions: versions.get(r.id) ?? [] })),
    trash: rows.trash,
    job_applications: rows.jobApplications,
    cover_letters: rows.coverLetters,
    share_links: rows.shareLinks,
    personal_tokens: rows.personalTokens,
    ai_usage: rows.aiUsage,
    webhooks: rows.webhooks,
    timeline: rows.timeline,
    interviews: rows.interviews,
    reminders: rows.reminders,
    contacts: rows.contacts.map((c) => ({ ...c, job_applications: links.get(c.id) ?? [] })),
  };
}
