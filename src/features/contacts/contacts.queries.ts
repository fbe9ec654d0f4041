import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { inLiveApplications } from "../../db/live-applications";
import { contact, contactApplication } from "../../db/schema";
import { containsCi } from "../../db/sql";

export type ContactRow = typeof contact.$inferSelect;
export type ContactValues = Partial<
  Pick<
    typeof contact.$inferInsert,
    "name" | "email" | "phone" | "company" | "role" | "url" | "notes"
  >
>;

/** Lists answer at most this many contacts (by name): docs/API.md, Tracker. */
export const CONTACT_LIST_CAP = 1000;

const owned = ({ id, userId }: Owned) => and(eq(contact.id, id), eq(contact.userId, userId));

export interface ContactFilter {
  userId: number;
  terms: string[];
  jobApplicationId?: number;
}

export function listContacts(db: Db, f: ContactFilter): Promise<ContactRow[]> {
  const parts: (SQL | undefined)[] = [eq(contact.userId, f.userId)];
  for (const term of f.terms) {
    const cols = [contact.name, contact.email, contact.company, contact.role, contact.notes];
    parts.push(or(...cols.map((col) => containsCi(col, term))));
  }
  if (f.jobApplicationId !== undefined) {
    parts.push(
      sql`${contact.id} in (select ${contactApplication.contactId} from ${contactApplication}
        where ${contactApplication.jobApplicationId} = ${f.jobApplicationId}
        and ${inLiveApplications(contactApplication.jobApplicationId, f.userId)})`,
    );
  }
  return db
    .select()
    .from(contact)
    .where(and(...parts))
    .orderBy(asc(contact.name), asc(contact.id))
    .limit(CONTACT_LIST_CAP);
}

/** Each contact's links to the owner's live applications (a deleted one's link is kept, hidden). */
export async function linksOf(
  db: Db,
  { contactIds, userId }: { contactIds: number[]; userId: number },
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return out;
  const rows = await db
    .select()
    .from(contactApplication)
    .where(
      and(
        inArray(contactApplication.contactId, contactIds),
        inLiveApplications(contactApplication.jobApplicationId, userId),
      ),
    )
    .orderBy(asc(contactApplication.jobApplicationId));
  for (const r of rows) out.get(r.contactId)?.push(r.jobApplicationId);
  return out;
}

/** The owned contact; `lock` holds it FOR UPDATE until the transaction ends (an If-Match). */
export async function findContact(
  db: Db,
  key: Owned,
  lock = false,
): Promise<ContactRow | undefined> {
  const q = db.select().from(contact).where(owned(key));
  const [row] = await (lock ? q.for("update") : q);
  return row;
}

export async function insertContact(
  db: Db,
  values: ContactValues & { name: string; userId: number; now: Timestamp },
): Promise<ContactRow> {
  const { now, ...fields } = values;
  const [row] = await db
    .insert(contact)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error("contact insert returned no row");
  return row;
}

export async function updateContact(
  db: Db,
  key: Owned,
  changes: ContactValues & { now: Timestamp },
): Promise<ContactRow | undefined> {
  const { now, ...fields } = changes;
  const [row] = await db
    .update(contact)
    .set({ ...fields, updatedAt: now })
    .where(owned(key))
    .returning();
  return row;
}

/**
 * The contact's links become `ids` (already checked to be the owner's live applications); links
 * to the owner's deleted applications stay, hidden, for a restore to bring back.
 */
export async function replaceLinks(
  db: Db,
  { contactId, userId, ids }: { contactId: number; userId: number; ids: number[] },
): Promise<void> {
  await db
    .delete(contactApplication)
    .where(
      and(
        eq(contactApplication.contactId, contactId),
        inLiveApplications(contactApplication.jobApplicationId, userId),
      ),
    );
  if (ids.length === 0) return;
  await db
    .insert(contactApplication)
    .values(ids.map((jobApplicationId) => ({ contactId, jobApplicationId })))
    .onConflictDoNothing();
}

export async function deleteContact(db: Db, key: Owned): Promise<boolean> {
  const rows = await db.delete(contact).where(owned(key)).returning({ id: contact.id });
  return rows.length > 0;
}
