import { notFound } from "../../core/errors";
import { timestampNow } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import { isLiveApplication } from "../../db/live-applications";
import type { Deps } from "../../deps";
import * as queries from "./reminders.queries";
import type {
  CreateReminderInput,
  ListRemindersQuery,
  PatchReminderInput,
} from "./reminders.schemas";

/** The caller's reminders: `due_before` (exclusive) and `done` narrow it; soonest due first. */
export const listReminders = (reader: Db, userId: number, q: ListRemindersQuery) =>
  queries.listReminders(reader, {
    userId,
    ...(q.due_before === undefined ? {} : { dueBefore: q.due_before }),
    ...(q.done === undefined ? {} : { done: q.done }),
  });

/** One application's reminders; 404 unless it is the caller's and not deleted. */
export async function listApplicationReminders(reader: Db, application: Owned) {
  if (!(await isLiveApplication(reader, application))) throw notFound();
  return queries.listReminders(reader, {
    userId: application.userId,
    jobApplicationId: application.id,
  });
}

/** A reminder on an owned, live application (else 404), the application locked meanwhile. */
export function createReminder(deps: Deps, application: Owned, input: CreateReminderInput) {
  return deps.database.db.transaction(async (tx) => {
    if (!(await isLiveApplication(tx, { ...application, lock: true }))) throw notFound();
    return queries.insertReminder(tx, {
      userId: application.userId,
      jobApplicationId: application.id,
      dueAt: input.due_at,
      ...(input.note === undefined ? {} : { note: input.note }),
      now: timestampNow(deps.clock),
    });
  });
}

export async function getReminder(reader: Db, owned: Owned) {
  const row = await queries.findReminder(reader, owned);
  if (!row) throw notFound();
  return row;
}

export async function changeReminder(deps: Deps, owned: Owned, input: PatchReminderInput) {
  const changes = {
    ...(input.due_at === undefined ? {} : { dueAt: input.due_at }),
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.done === undefined ? {} : { done: input.done }),
  };
  const row = await queries.updateReminder(deps.database.db, owned, {
    ...changes,
    now: timestampNow(deps.clock),
  });
  if (!row) throw notFound();
  return row;
}

export async function deleteReminder(deps: Deps, owned: Owned) {
  if (!(await queries.deleteReminder(deps.database.db, owned))) throw notFound();
}

/** Open reminders due from `since` on (the calendar feed's window), soonest first. */
export const openRemindersSince = (reader: Db, userId: number, since: string, limit: number) =>
  queries.listReminders(reader, { userId, dueFrom: since, done: false, limit });
