import { eq } from "drizzle-orm";
import type { Timestamp } from "../../core/timestamps";
import type { Db } from "../../db/client";
import { calendarFeed } from "../../db/schema";

export type FeedRow = typeof calendarFeed.$inferSelect;

/** The user's feed gets this token hash: a new row, or the old one's hash replaced (rotation). */
export async function putFeed(
  db: Db,
  { userId, tokenHash, now }: { userId: number; tokenHash: string; now: Timestamp },
): Promise<void> {
  await db
    .insert(calendarFeed)
    .values({ userId, tokenHash, createdAt: now })
    .onConflictDoUpdate({
      target: calendarFeed.userId,
      set: { tokenHash, etag: null, modifiedAt: null, createdAt: now },
    });
}

export async function deleteFeed(db: Db, userId: number): Promise<void> {
  await db.delete(calendarFeed).where(eq(calendarFeed.userId, userId));
}

export async function findFeed(db: Db, tokenHash: string): Promise<FeedRow | undefined> {
  const [row] = await db.select().from(calendarFeed).where(eq(calendarFeed.tokenHash, tokenHash));
  return row;
}

/** Records the content now served (its ETag, when it changed), unless the feed was rotated. */
export async function markServed(
  db: Db,
  { tokenHash, etag, modifiedAt }: { tokenHash: string; etag: string; modifiedAt: Date },
): Promise<void> {
  await db
    .update(calendarFeed)
    .set({ etag, modifiedAt })
    .where(eq(calendarFeed.tokenHash, tokenHash));
}
