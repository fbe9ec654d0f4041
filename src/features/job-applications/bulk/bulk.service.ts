import { validationError } from "../../../core/errors";
import { timestampNow } from "../../../core/timestamps";
import type { Deps } from "../../../deps";
import { emitEvents, type WebhookEvent } from "../../webhooks";
import { doesNotExist } from "../job-applications.schemas";
import { toJobApplicationEventJson } from "../job-applications.serializers";
import { keepSentResume, recordTimeline, type TimelineEntry } from "../job-applications.timeline";
import { lockOwned, updateMany } from "./bulk.queries";
import type { BulkInput } from "./bulk.schemas";

/**
 * A status change, delete or restore of up to 100 of the caller's applications, all or nothing:
 * an id that is not one of the caller's rows in the state the action needs (live for update and
 * delete, deleted for restore) is a 400 on `ids` and nothing changes. Each change is recorded
 * in the timeline in the same transaction.
 */
export async function bulkChange(deps: Deps, userId: number, input: BulkInput) {
  const ids = [...new Set(input.ids)];
  const now = timestampNow(deps.clock);
  return deps.database.db.transaction(async (tx) => {
    const rows = await lockOwned(tx, { ids, userId, deleted: input.action === "restore" });
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw validationError({ ids: missing.map(doesNotExist) });
    const status = input.action === "update" ? input.status : undefined;
    const set = status !== undefined ? { status } : { isDeleted: input.action === "delete" };
    // In id order, as they were locked: an UPDATE's RETURNING follows the plan's scan (a table
    // grown past a few pages is read another way), so the outbox would vary with its size.
    const updated = (await updateMany(tx, { ids, set, now })).sort((x, y) => x.id - y.id);
    const entries: TimelineEntry[] = rows.flatMap((r): TimelineEntry[] => {
      const at = { applicationId: r.id, userId, at: now };
      if (status === undefined)
        return [{ ...at, kind: input.action === "delete" ? "deleted" : "restored" }];
      return r.status === status
        ? []
        : [{ ...at, kind: "status_changed", data: { from: r.status, to: status } }];
    });
    await recordTimeline(tx, entries);
    if (status !== undefined) {
      const before = new Map(rows.map((r) => [r.id, r]));
      for (const row of updated) {
        const prev = before.get(row.id);
        const change = { prevStatus: prev?.status ?? null, prevResume: prev?.resumeUsedId ?? null };
        await keepSentResume(tx, { row, ...change, now });
      }
    }
    // Webhooks hear what a single change would tell them: `updated` (+ `status_changed` when
    // the status moved), `deleted` `{id}`, or `updated` for a restore.
    const from = new Map(rows.map((r) => [r.id, r.status]));
    const events = updated.flatMap((row): WebhookEvent[] => {
      if (input.action === "delete")
        return [{ type: "job_application.deleted", data: { id: row.id } }];
      const out: WebhookEvent[] = [
        { type: "job_application.updated", data: toJobApplicationEventJson(row) },
      ];
      const prev = from.get(row.id);
      if (status !== undefined && prev !== undefined && prev !== status)
        out.push({
          type: "job_application.status_changed",
          data: { id: row.id, from: prev, to: status },
        });
      return out;
    });
    await emitEvents(tx, userId, events, now);
    return { updated: updated.length };
  });
}
