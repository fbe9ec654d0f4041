import { asc, eq, getTableColumns } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client";
import {
  aiUsage,
  authUser,
  contact,
  contactApplication,
  coverLetter,
  interview,
  jobApplication,
  personalToken,
  reminder,
  resume,
  resumeTrash,
  resumeVersion,
  shareLink,
  timelineEvent,
  webhook,
} from "../../../db/schema";

/**
 * Columns never exported: secrets and their hashes (the password, token and share hashes, a
 * webhook's signing secret).
 */
export const SECRET_COLUMNS: ReadonlySet<string> = new Set([
  "password",
  "token_hash",
  "password_hash",
  "secret",
]);

export type ExportRow = Record<string, unknown>;

/**
 * Every row of `table` the user owns, keyed by its column names (Django's snake_case), secrets
 * left out. Generic over the table, so a new column is exported without an edit here; a new
 * secret column must be named in SECRET_COLUMNS (the export test looks for every hash).
 */
async function ownedRows(
  db: Db,
  table: PgTable,
  owner: PgColumn,
  userId: number,
  order: PgColumn,
): Promise<ExportRow[]> {
  const columns = Object.values(getTableColumns(table)).filter((c) => !SECRET_COLUMNS.has(c.name));
  const rows = await db
    .select(Object.fromEntries(columns.map((c) => [c.name, c])))
    .from(table)
    .where(eq(owner, userId))
    .orderBy(asc(order));
  return rows as ExportRow[];
}

/** What the account owns, table by table (one snapshot: a repeatable-read transaction). */
export async function accountRows(db: Db, userId: number) {
  return db.transaction(
    async (tx) => {
      const [profile] = await ownedRows(tx, authUser, authUser.id, userId, authUser.id);
      return {
        profile,
        resumes: await ownedRows(tx, resume, resume.userId, userId, resume.id),
        resumeVersions: await ownedRows(
          tx,
          resumeVersion,
          resumeVersion.userId,
          userId,
          resumeVersion.id,
        ),
        trash: await ownedRows(tx, resumeTrash, resumeTrash.userId, userId, resumeTrash.id),
        jobApplications: await ownedRows(
          tx,
          jobApplication,
          jobApplication.userId,
          userId,
          jobApplication.id,
        ),
        coverLetters: await ownedRows(tx, coverLetter, coverLetter.userId, userId, coverLetter.id),
        shareLinks: await ownedRows(tx, shareLink, shareLink.userId, userId, shareLink.id),
        personalTokens: await ownedRows(
          tx,
          personalToken,
          personalToken.userId,
          userId,
          personalToken.id,
        ),
        aiUsage: await ownedRows(tx, aiUsage, aiUsage.userId, userId, aiUsage.id),
        webhooks: await ownedRows(tx, webhook, webhook.userId, userId, webhook.id),
        timeline: await ownedRows(
          tx,
          timelineEvent,
          timelineEvent.userId,
          userId,
          timelineEvent.id,
        ),
        interviews: await ownedRows(tx, interview, interview.userId, userId, interview.id),
        reminders: await ownedRows(tx, reminder, reminder.userId, userId, reminder.id),
        contacts: await ownedRows(tx, contact, contact.userId, userId, contact.id),
        // The links carry no owner: the contact's (both sides are the same user's).
        contactLinks: await tx
          .select({
            contactId: contactApplication.contactId,
            jobApplicationId: contactApplication.jobApplicationId,
          })
          .from(contactApplication)
          .innerJoin(contact, eq(contact.id, contactApplication.contactId))
          .where(eq(contact.userId, userId))
          .orderBy(asc(contactApplication.contactId), asc(contactApplication.jobApplicationId)),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
