import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { timelineEvent } from "../../../db/schema";

/**
 * The user's entries that put an application in a status (`created`, `status_changed`), as
 * (application, status, UTC day), oldest first.
 */
export function statusEntries(db: Db, { userId }: { userId: number }) {
  return db
    .select({
      applicationId: timelineEvent.jobApplicationId,
      status: sql<
        string | null
      >`coalesce(${timelineEvent.data}->>'to', ${timelineEvent.data}->>'status')`,
      day: sql<string>`to_char(${timelineEvent.at} at time zone 'UTC', 'YYYY-MM-DD')`,
    })
    .from(timelineEvent)
    .where(
      and(
        eq(timelineEvent.userId, userId),
        inArray(timelineEvent.kind, ["created", "status_changed"]),
      ),
    )
    .orderBy(asc(timelineEvent.at), asc(timelineEvent.id));
}
