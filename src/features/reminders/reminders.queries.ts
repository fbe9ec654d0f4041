import { and, asc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { inLiveApplications } from "../../db/live-applications";
import { reminder } from "../../db/schema";

export type ReminderRow = typeof reminder.$inferSelect;
type Changes = Partial<Pick<typeof reminder.$inferInsert, "dueAt" | "note" | "done">>;

/** Lists answer at most this many rows (the soonest due first): docs/API.md, Tracker. */
export const REMINDER_LIST_CAP = 1000;

/** The caller's reminder, while its application is the caller's and not deleted. */
const owned = ({ id, userId }: Owned): SQL | undefined =>
  and(
    eq(reminder.id, id),
    eq(reminder.userId, userId),
    inLiveApplications(reminder.jobApplicationId, userId),
  );

export interface ReminderFilter {
  userId: number;
  jobApplicationId?: number;
  dueBefore?: Timestamp;
  dueFrom?: Timestamp;
  done?: boolean;
  /** At most this many (never more than the list cap). */
  limit?: number;
}

/** The caller's reminders over live applications, soonest due first. */
export function listReminders(db: Db, f: ReminderFilter): Promise<ReminderRow[]> {
  return db
    .select()
    .from(reminder)
    .where(
      and(
        eq(reminder.userId, f.userId),
        inLiveApplications(reminder.jobApplicationId, f.userId),
        f.jobApplicationId === undefined
          ? undefined
          : eq(reminder.jobApplicationId, f.jobApplicationId),
        f.dueBefore === undefined ? undefined : lt(reminder.dueAt, f.dueBefore),
        f.dueFrom === undefined ? undefined : gte(reminder.dueAt, f.dueFrom),
        f.done === undefined ? undefined : eq(reminder.done, f.done),
      ),
    )
    .orderBy(asc(reminder.dueAt), asc(reminder.id))
    .limit(Math.min(f.limit ?? REMINDER_LIST_CAP, REMINDER_LIST_CAP));
}

export async function findReminder(db: Db, key: Owned): Promise<ReminderRow | undefined> {
  const [row] = await db.select().from(reminder).where(owned(key));
  return row;
}

export async function insertReminder(
  db: Db,
  values: {
    userId: number;
    jobApplicationId: number;
    dueAt: Timestamp;
    note?: string;
    now: Timestamp;
  },
): Promise<ReminderRow> {
  const { now, ...fields } = values;
  const [row] = await db
    .insert(reminder)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error("reminder insert returned no row");
  return row;
}

export async function updateReminder(
  db: Db,
  key: Owned,
  changes: Changes & { now: Timestamp },
): Promise<ReminderRow | undefined> {
  const { now, ...fields } = changes;
  const [row] = await db
    .update(reminder)
    .set({ ...fields, updatedAt: now })
    .where(owned(key))
    .returning();
  return row;
}

export async function deleteReminder(db: Db, key: Owned): Promise<boolean> {
  const rows = await db.delete(reminder).where(owned(key)).returning({ id: reminder.id });
  return rows.length > 0;
}
