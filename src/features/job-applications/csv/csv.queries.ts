import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { timelineEvent } from "../../../db/schema";

/**
 * The first UTC day each of `ids` (the user's applications) reached each status, from the entries
 * that put it there (`created`, `status_changed`): at most one row per application and status,
 * whatever the length of its history.
 */
export function firstStatusDays(db: Db, { userId, ids }: { userId: number; ids: number[] }) {
  const status = sql<
    string | null
  >`coalesce(${timelineEvent.data}->>'to', ${timelineEvent.data}->>'status')`;
  return db
    .select({
      applicationId: timelineEvent.jobApplicationId,
      status,
      day: sql<string>`min(to_char(${timelineEvent.at} at time zone 'UTC', 'YYYY-MM-DD'))`,
    })
    .from(timelineEvent)
    .where(
      and(
        eq(timelineEvent.userId, userId),
        inArray(timelineEvent.kind, ["created", "status_changed"]),
        sql`${timelineEvent.jobApplicationId} = any(${`{${ids.join(",")}}`}::bigint[])`,
      ),
    )
    .groupBy(timelineEvent.jobApplicationId, status);
}
