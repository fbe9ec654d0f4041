import { ApiError, notFound } from "../../core/errors";
import type { AuthUser } from "../../core/types";
import type { Deps } from "../../deps";
import {
  GENERATION_KEEP_SECONDS,
  type GenerationEvent,
  type GenerationRecord,
  isFinal,
  readEvents,
  readRecord,
  requestCancel,
} from "./ai.events";
import { localJob, runningTtlSeconds } from "./ai.jobs";

/** How often a resumed stream served from the store asks it for new events. */
export const REPLAY_POLL_MS = 250;
/** How long a cancel of a generation running elsewhere waits to see it end. */
export const CANCEL_WAIT_MS = 5_000;

export const alreadyFinished = () =>
  new ApiError(409, { detail: "This generation has already finished." });

/** The status answer: the record without its owner. */
export const toGenerationJson = ({ userId: _, ...r }: GenerationRecord) => r;

/**
 * The generation `id` as its caller may see it: this instance's job, else the store's record.
 * A signed-in user's generation is theirs alone; an anonymous one is read by whoever has its
 * (unguessable) id. Missing, expired or another's: 404.
 */
export async function findGeneration(
  deps: Deps,
  user: AuthUser | null,
  id: string,
): Promise<GenerationRecord> {
  const record = localJob(deps, id)?.record ?? (await readRecord(deps.kv, id));
  if (!record || (record.userId !== null && record.userId !== user?.id)) throw notFound();
  return record;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * The events after number `after` and then the live ones until the final event: from this
 * instance's job when it runs here, else from the store, asked every REPLAY_POLL_MS (the running
 * instance writes a batch every ~100 ms). Ends when the reader leaves, when the generation is
 * over and every event was read, or after the longest a generation may run.
 */
export async function* generationEvents(
  deps: Deps,
  id: string,
  after: number,
  signal: AbortSignal,
): AsyncGenerator<GenerationEvent> {
  const job = localJob(deps, id);
  if (job) {
    yield* job.follow(after, signal);
    return;
  }
  const until = Date.now() + runningTtlSeconds(deps.config) * 1000;
  let next = after;
  while (!signal.aborted && Date.now() < until) {
    const events = await readEvents(deps.kv, id, next);
    for (const e of events) {
      next = e.n;
      yield e;
      if (isFinal(e)) return;
    }
    if (events.length === 0) {
      // Over with nothing left to read (its events expired, or it ended before any was stored).
      const record = await readRecord(deps.kv, id);
      if (record?.status !== "running" && (await readEvents(deps.kv, id, next)).length === 0)
        return;
      await sleep(REPLAY_POLL_MS, signal);
    }
  }
}

/**
 * Cancels a running generation: here, by aborting its job and waiting for its outcome; on
 * another instance, by a cancel request in the store that it reads within a second, waiting up
 * to CANCEL_WAIT_MS to see it end. A generation that finished first (or finishes while the
 * cancel is on its way) is a 409; a cancelled one again is fine.
 */
export async function cancelGeneration(deps: Deps, record: GenerationRecord): Promise<void> {
  if (record.status === "cancelled") return;
  if (record.status !== "running") throw alreadyFinished();
  const job = localJob(deps, record.id);
  if (job) {
    job.cancel();
    const outcome = await job.outcome;
    if (outcome.ok || outcome.stage !== "cancelled") throw alreadyFinished();
    return;
  }
  await requestCancel(deps.kv, record.id, GENERATION_KEEP_SECONDS);
  const waited = AbortSignal.timeout(CANCEL_WAIT_MS);
  while (!waited.aborted) {
    const now = await readRecord(deps.kv, record.id);
    if (now?.status === "cancelled") return;
    if (now && now.status !== "running") throw alreadyFinished();
    await sleep(REPLAY_POLL_MS, waited);
  }
}
