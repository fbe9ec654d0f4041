import { AI_UNAVAILABLE_MESSAGE } from "../../core/errors";
import type { Logger } from "../../core/logger";
import { timestampNow } from "../../core/timestamps";
import type { SaveTarget } from "../../db/save-target";
import type { Deps } from "../../deps";
import {
  appendEvents,
  CANCELLED_MESSAGE,
  cancelRequested,
  GENERATION_KEEP_SECONDS,
  type GenerationEvent,
  type GenerationRecord,
  newGenerationId,
  writeRecord,
} from "./ai.events";
import { type GenerationOutcome, runGeneration } from "./ai.runner";
import { savedId } from "./ai.serializers";
import { type Generation, MAX_MODELS_PER_GENERATION } from "./ai.service";

/**
 * A generation running in this process or isolate, apart from the request that started it: a
 * reader that leaves does not stop it (it finishes, is saved once and counts once); a cancel does
 * (`cancel()` here, or a cancel request in the store that another instance wrote). Its events
 * are kept here for the readers of this instance and written to the store in batches for the
 * others (see ai.events.ts).
 */
export interface Job {
  readonly id: string;
  /** The status as it stands (the store has it too, a batch behind). */
  readonly record: GenerationRecord;
  /** Resolves with what the generation made (or why not) once it is saved or given up. */
  readonly outcome: Promise<GenerationOutcome>;
  /** The display name of the model that answers, once its first text arrived; undefined at the end without. */
  readonly served: Promise<string | undefined>;
  /** The events after number `after`, live until the final one (or `signal` aborts). */
  follow(after: number, signal: AbortSignal): AsyncGenerator<GenerationEvent>;
  /** Aborts the provider call: nothing is saved and the slot is given back. */
  cancel(): void;
}

/** A batch of events goes to the store this often (one round trip per batch, not per token). */
export const FLUSH_MS = 100;
/** How often a running generation asks the store whether another instance cancelled it. */
export const CANCEL_POLL_MS = 500;

/** A promise and its resolve (Promise.withResolvers is not in Node 20). */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Running jobs per `deps`: on Node the entry builds them once, so every request of the process
 * reads and cancels a job here directly. A Worker builds them per request, and a request may not
 * touch another's I/O (its provider fetch, its stream), so there each other request goes through
 * the store, as another isolate would.
 */
const running = new WeakMap<Deps, Map<string, Job>>();
const jobsOf = (deps: Deps) => {
  let jobs = running.get(deps);
  if (!jobs) {
    jobs = new Map();
    running.set(deps, jobs);
  }
  return jobs;
};

export const localJob = (deps: Deps, id: string): Job | undefined => jobsOf(deps).get(id);

/** Longest a generation may run (every model tried to its total timeout), then kept. */
export const runningTtlSeconds = (config: Deps["config"]) =>
  Math.ceil((config.AI_TOTAL_TIMEOUT_MS * MAX_MODELS_PER_GENERATION) / 1000) +
  GENERATION_KEEP_SECONDS;

/**
 * Starts `gen` as a job of this instance (kept alive by `deps.waitUntil` past the response on
 * Workers; on Node it simply runs on). `stream`: the provider's streaming API, every piece an
 * event; otherwise one call and only the final event. `accept` reads the whole answer before
 * anything is saved (see GenerationOutput).
 */
export function startJob(
  deps: Deps,
  logger: Logger,
  gen: Generation,
  opts: { stream: boolean; accept?: (text: string) => void },
): Job {
  const id = newGenerationId();
  const ctl = new AbortController();
  const record: GenerationRecord = {
    id,
    userId: gen.userId,
    status: "running",
    model: gen.model.displayName,
    kind: gen.kind,
    resume_id: null,
    cover_letter_id: null,
    created_at: timestampNow(deps.clock),
    finished_at: null,
  };
  const events: GenerationEvent[] = [];
  const store = eventWriter(deps, logger, record);
  let wake = deferred<void>();
  const push = (event: GenerationEvent["event"], data: string) => {
    const e = { n: events.length + 1, event, data };
    events.push(e);
    store.push(e);
    wake.resolve();
    wake = deferred<void>();
  };
  const served = deferred<string | undefined>();
  const watch = setInterval(() => {
    cancelRequested(deps.kv, id).then(
      (yes) => yes && ctl.abort(),
      () => {},
    );
  }, CANCEL_POLL_MS);
  const outcome = runGeneration(deps, logger, gen, {
    stream: opts.stream,
    signal: ctl.signal,
    serving: (model) => {
      record.model = model;
      served.resolve(model);
    },
    chunk: async (text) => push("chunk", JSON.stringify({ text })),
    ...(opts.accept ? { accept: opts.accept } : {}),
  }).finally(() => {
    clearInterval(watch);
    served.resolve(undefined);
  });
  const jobs = jobsOf(deps);
  const settled = outcome
    .then(async (o) => {
      const final = finalEvent(gen.save.kind, o, id);
      Object.assign(record, final.record, { finished_at: timestampNow(deps.clock) });
      push(final.event, final.data);
      await store.close();
    })
    .finally(() => jobs.delete(id));
  const job: Job = {
    id,
    record,
    outcome,
    served: served.promise,
    async *follow(after, signal) {
      const left = deferred<void>();
      signal.addEventListener("abort", () => left.resolve(), { once: true });
      for (let next = Math.max(0, after); ; ) {
        while (next < events.length) {
          const e = events[next++] as GenerationEvent;
          yield e;
          if (e.event !== "chunk") return;
        }
        if (signal.aborted) return;
        await Promise.race([wake.promise, left.promise]);
      }
    },
    cancel: () => ctl.abort(),
  };
  jobs.set(id, job);
  deps.waitUntil(settled);
  return job;
}

/**
 * Writes a job's record and events to the store: the record first, then the events in batches
 * of FLUSH_MS, in order, and at the end the last batch and then the final record (a reader that
 * sees it finished has every event). A store that fails is logged once and the job goes on: its
 * own readers do not need the store, only resumes elsewhere do.
 */
function eventWriter(deps: Deps, logger: Logger, record: GenerationRecord) {
  const ttl = runningTtlSeconds(deps.config);
  let failed = false;
  const guard = (p: Promise<void>) =>
    p.catch((err: unknown) => {
      if (!failed) logger.warn("generation events not stored", { error: (err as Error).name });
      failed = true;
    });
  let chain = guard(writeRecord(deps.kv, { ...record }, ttl));
  let batch: GenerationEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (keep: number) => {
    timer = undefined;
    const out = batch;
    batch = [];
    if (out.length > 0)
      chain = chain.then(() => guard(appendEvents(deps.kv, record.id, out, keep)));
    return chain;
  };
  return {
    push(e: GenerationEvent) {
      batch.push(e);
      timer ??= setTimeout(() => flush(ttl), FLUSH_MS);
    },
    async close() {
      if (timer) clearTimeout(timer);
      await flush(GENERATION_KEEP_SECONDS);
      await guard(writeRecord(deps.kv, { ...record }, GENERATION_KEEP_SECONDS));
    },
  };
}

/**
 * A generation's last event and what its record then says: `done` with the saved row's id, the
 * model that served it and the generation's id, or `error` with a fixed text (never the cause).
 */
export function finalEvent(
  kind: SaveTarget["kind"],
  o: GenerationOutcome,
  generationId: string,
): Pick<GenerationEvent, "event" | "data"> & { record: Partial<GenerationRecord> } {
  if (o.ok) {
    const data = { ...savedId(kind, o.id), model: o.model, generation_id: generationId };
    const record: Partial<GenerationRecord> = {
      status: "done",
      model: o.model,
      resume_id: kind === "resume" ? o.id : null,
      cover_letter_id: kind === "cover_letter" ? o.id : null,
    };
    return { event: "done", data: JSON.stringify(data), record };
  }
  const cancelled = o.stage === "cancelled";
  const error = cancelled ? CANCELLED_MESSAGE : AI_UNAVAILABLE_MESSAGE;
  const record: Partial<GenerationRecord> = { status: cancelled ? "cancelled" : "failed" };
  return { event: "error", data: JSON.stringify({ error }), record };
}
