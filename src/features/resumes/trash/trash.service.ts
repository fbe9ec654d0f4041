import type { Clock } from "../../../core/clock";
import { ApiError, notFound } from "../../../core/errors";
import type { Logger } from "../../../core/logger";
import { timestampNow } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import * as queries from "./trash.queries";

export const listTrash = (reader: Db, userId: number) => queries.listTrash(reader, { userId });

/** A trashed resume back in the list, same id; another user's trash item answers 404. */
export async function restoreTrash(deps: Deps, owned: Owned) {
  const result = await queries.restoreTrash(deps.database.db, owned);
  if (result === "missing") throw notFound();
  if (result === "taken") {
    throw new ApiError(409, { detail: "A resume with this id exists; the trash item was kept." });
  }
  return result.row;
}

/**
 * The scheduled purge (Node: a timer in the entry; Workers: the Cron Trigger): trash rows past
 * purge_at and their versions are deleted. Runtime-neutral: the entries call it with their deps.
 */
export async function purgeExpiredTrash(deps: {
  database: { db: Db };
  clock: Clock;
  logger: Logger;
}): Promise<number> {
  const ids = await queries.purgeTrash(deps.database.db, { now: timestampNow(deps.clock) });
  if (ids.length > 0) deps.logger.info("trash purged", { resumes: ids.length });
  return ids.length;
}
