import type { Clock } from "../core/clock";
import type { Logger } from "../core/logger";
import type { Database } from "../db/client";
import { purgeExpiredTrash } from "../features/resumes";

/** How often the Node server purges expired trash, and how soon after a start it first does. */
export const PURGE_EVERY_MS = 60 * 60_000;
export const FIRST_PURGE_MS = 60_000;

/**
 * The scheduled trash purge on Node (Workers: the Cron Trigger in wrangler.toml): shortly after
 * the start, then hourly; the timers never keep the process alive, and `close()` waits for a run
 * in flight so the database is not closed under it.
 */
export function scheduleTrashPurge(
  deps: { database: Database; clock: Clock; logger: Logger },
  timing = { firstMs: FIRST_PURGE_MS, everyMs: PURGE_EVERY_MS },
) {
  let running: Promise<unknown> | null = null;
  const run = () => {
    running ??= purgeExpiredTrash(deps)
      .catch((err) => deps.logger.error("trash purge failed", { error: (err as Error).name }))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(run, timing.firstMs);
  const every = setInterval(run, timing.everyMs);
  first.unref();
  every.unref();
  return {
    async close() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
