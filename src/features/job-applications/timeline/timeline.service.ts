import { notFound } from "../../../core/errors";
import { timestampNow } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import { findJobApplication } from "../job-applications.queries";
import { listTimeline, recordTimeline, type TimelineRow } from "../job-applications.timeline";
import type { NoteInput, TimelineEntryJson } from "./timeline.schemas";

export const toTimelineJson = (row: Pick<TimelineRow, "id" | "kind" | "at" | "data">) =>
  ({ id: row.id, kind: row.kind, at: row.at, data: row.data }) as TimelineEntryJson;

/** An owned live application's timeline, oldest first; another user's answers 404. */
export async function getTimeline(reader: Db, owned: Owned) {
  if (!(await findJobApplication(reader, owned))) throw notFound();
  return (await listTimeline(reader, owned)).map(toTimelineJson);
}

/** A note on an owned live application, as a `note` entry. */
export async function addNote(deps: Deps, owned: Owned, input: NoteInput) {
  const { db } = deps.database;
  const row = await db.transaction(async (tx) => {
    // Locked, so a delete cannot slip between the check and the entry.
    if (!(await findJobApplication(tx, owned, true))) throw notFound();
    const [entry] = await recordTimeline(tx, {
      applicationId: owned.id,
      userId: owned.userId,
      kind: "note",
      at: timestampNow(deps.clock),
      data: { text: input.text },
    });
    return entry;
  });
  if (!row) throw new Error("insert returned no row");
  return toTimelineJson(row);
}
