import { and, eq, inArray } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import type { Db } from "../../../db/client";
import { jobApplication } from "../../../db/schema";

/**
 * The user's rows among `ids` that are live (or deleted, `deleted`), locked until the end, in id
 * order: two bulk requests over overlapping rows wait for each other instead of deadlocking.
 */
export function lockOwned(
  tx: Db,
  { ids, userId, deleted }: { ids: number[]; userId: number; deleted: boolean },
) {
  return tx
    .select({
      id: jobApplication.id,
      status: jobApplication.status,
      resumeUsedId: jobApplication.resumeUsedId,
    })
    .from(jobApplication)
    .where(
      and(
        inArray(jobApplication.id, ids),
        eq(jobApplication.userId, userId),
        eq(jobApplication.isDeleted, deleted),
      ),
    )
    .orderBy(jobApplication.id)
    .for("update");
}

/** Sets the status or the deleted flag of rows `lockOwned` returned (and locked). */
export function updateMany(
  tx: Db,
  {
    ids,
    set,
    now,
  }: { ids: number[]; set: { status: string } | { isDeleted: boolean }; now: Timestamp },
) {
  return tx
    .update(jobApplication)
    .set({ ...set, updatedAt: now })
    .where(inArray(jobApplication.id, ids))
    .returning();
}
