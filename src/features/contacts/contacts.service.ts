import type { AppEnv } from "../../app-env";
import { fieldError, notFound } from "../../core/errors";
import type { RowCheck } from "../../core/etag";
import { searchTerms } from "../../core/search";
import { timestampNow } from "../../core/timestamps";
import type { FieldCheck } from "../../core/validate";
import type { Db, Owned } from "../../db/client";
import { liveApplicationIds } from "../../db/live-applications";
import type { Deps } from "../../deps";
import * as queries from "./contacts.queries";
import {
  type ContactInput,
  type ContactWithLinks,
  doesNotExist,
  type ListContactsQuery,
} from "./contacts.schemas";

function toColumns(input: ContactInput): queries.ContactValues {
  const { job_applications: _links, ...fields } = input;
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as queries.ContactValues;
}

/** The first of `ids` that is not one of the caller's live applications, if any. */
async function firstForeign(db: Db, userId: number, ids: number[]): Promise<number | undefined> {
  const mine = await liveApplicationIds(db, { ids, userId });
  return ids.find((id) => !mine.has(id));
}

/** `job_applications` beside the other fields' errors: only the caller's live applications. */
export const applicationsCheck: FieldCheck<AppEnv> = async (c, ids) => {
  const user = c.get("user");
  if (!Array.isArray(ids) || !user) return null;
  const foreign = await firstForeign(c.env.deps.database.db, user.id, ids as number[]);
  return foreign === undefined ? null : doesNotExist(foreign);
};

async function withLinks(db: Db, userId: number, rows: queries.ContactRow[]) {
  const links = await queries.linksOf(db, { contactIds: rows.map((r) => r.id), userId });
  return rows.map((r): ContactWithLinks => ({ ...r, jobApplications: links.get(r.id) ?? [] }));
}

export async function listContacts(reader: Db, userId: number, q: ListContactsQuery) {
  const rows = await queries.listContacts(reader, {
    userId,
    terms: searchTerms(q.search),
    ...(q.job_application === undefined ? {} : { jobApplicationId: q.job_application }),
  });
  return withLinks(reader, userId, rows);
}

export async function getContact(reader: Db, owned: Owned): Promise<ContactWithLinks> {
  const row = await queries.findContact(reader, owned);
  if (!row) throw notFound();
  const [one] = await withLinks(reader, owned.userId, [row]);
  return one ?? { ...row, jobApplications: [] };
}

/**
 * The links are checked again in the transaction, the applications locked (FOR SHARE), so one
 * deleted or handed over meanwhile cannot be linked: 400 on `job_applications`, nothing written.
 */
async function linkChecked(tx: Db, contactId: number, userId: number, ids: number[] | undefined) {
  if (ids === undefined) return;
  const foreign = await firstForeign(tx, userId, ids);
  if (foreign !== undefined) throw fieldError("job_applications", doesNotExist(foreign));
  await queries.replaceLinks(tx, { contactId, userId, ids });
}

export async function createContact(
  deps: Deps,
  userId: number,
  input: ContactInput & { name: string },
): Promise<ContactWithLinks> {
  const { db } = deps.database;
  const row = await db.transaction(async (tx) => {
    const created = await queries.insertContact(tx, {
      ...toColumns(input),
      name: input.name,
      userId,
      now: timestampNow(deps.clock),
    });
    await linkChecked(tx, created.id, userId, input.job_applications);
    return created;
  });
  return getContact(db, { id: row.id, userId });
}

/**
 * The request's If-Match on the contact as a GET shows it (links included), the row locked
 * FOR UPDATE in the write's transaction; 404 when it is not the caller's.
 */
async function precondition(
  tx: Db,
  owned: Owned,
  check: RowCheck<ContactWithLinks> | undefined,
): Promise<void> {
  if (!check) return;
  const row = await queries.findContact(tx, owned, true);
  if (!row) throw notFound();
  const [current] = await withLinks(tx, owned.userId, [row]);
  if (current) await check(current);
}

/** PUT and PATCH: the fields given change; `job_applications`, when given, replaces the links. */
export async function changeContact(
  deps: Deps,
  owned: Owned,
  input: ContactInput,
  check?: RowCheck<ContactWithLinks>,
): Promise<ContactWithLinks> {
  const { db } = deps.database;
  await db.transaction(async (tx) => {
    await precondition(tx, owned, check);
    const row = await queries.updateContact(tx, owned, {
      ...toColumns(input),
      now: timestampNow(deps.clock),
    });
    if (!row) throw notFound();
    await linkChecked(tx, row.id, owned.userId, input.job_applications);
  });
  return getContact(db, owned);
}

export async function deleteContact(deps: Deps, owned: Owned, check?: RowCheck<ContactWithLinks>) {
  const { db } = deps.database;
  const deleted = check
    ? await db.transaction(async (tx) => {
        await precondition(tx, owned, check);
        return queries.deleteContact(tx, owned);
      })
    : await queries.deleteContact(db, owned);
  if (!deleted) throw notFound();
}
