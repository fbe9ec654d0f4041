import type { Kv } from "../../core/kv";
import type { Timestamp } from "../../core/timestamps";

/**
 * A generation as the store keeps it, so that any instance or isolate can answer its status,
 * replay its events and ask for its cancel: `ai:gen:v1:<id>` holds the record (JSON),
 * `...:events` the events in order (a list, appended in batches), `...:cancel` a cancel request.
 */
/** The endpoints that generate: a resume, a tailored copy, a cover letter, a posting's fields. */
export type GenerationKind = "generate" | "tailor" | "cover_letter" | "intake";

/** The `error` event's text when a generation was cancelled (`DELETE /api/ai/generations/{id}/`). */
export const CANCELLED_MESSAGE = "The generation was cancelled.";

export type GenerationState = "running" | "done" | "failed" | "cancelled";

export interface GenerationRecord {
  id: string;
  /** The signed-in caller who started it (only they may read it), or null for anonymous. */
  userId: number | null;
  status: GenerationState;
  /** Display name of the model serving it (a fallback's once it took over). */
  model: string;
  kind: GenerationKind;
  resume_id: number | null;
  cover_letter_id: number | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** One SSE event of a generation: `n` counts from 1; `data` is the JSON text sent. */
export interface GenerationEvent {
  n: number;
  event: "chunk" | "done" | "error";
  data: string;
}

/** How long a finished generation can be read and replayed (the contract says >= 10 minutes). */
export const GENERATION_KEEP_SECONDS = 15 * 60;

/** 128 random bits, hex: unguessable, and a path segment and an SSE id as it is. */
export const GENERATION_ID = /^[0-9a-f]{32}$/;

export function newGenerationId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}

const recordKey = (id: string) => `ai:gen:v1:${id}`;
const eventsKey = (id: string) => `ai:gen:v1:${id}:events`;
const cancelKey = (id: string) => `ai:gen:v1:${id}:cancel`;

export const isFinal = (e: GenerationEvent) => e.event !== "chunk";

export const writeRecord = (kv: Kv, r: GenerationRecord, ttlSeconds: number) =>
  kv.set(recordKey(r.id), JSON.stringify(r), ttlSeconds);

export async function readRecord(kv: Kv, id: string): Promise<GenerationRecord | null> {
  const text = await kv.get(recordKey(id));
  if (text === null) return null;
  const r = JSON.parse(text) as GenerationRecord;
  return r.id === id ? r : null;
}

export const appendEvents = (kv: Kv, id: string, events: GenerationEvent[], ttlSeconds: number) =>
  kv.append(
    eventsKey(id),
    events.map((e) => JSON.stringify(e)),
    ttlSeconds,
  );

/** The events after number `after` (the list's index `after` on, since `n` counts from 1). */
export async function readEvents(kv: Kv, id: string, after: number): Promise<GenerationEvent[]> {
  const texts = await kv.range(eventsKey(id), after);
  return texts.map((t) => JSON.parse(t) as GenerationEvent);
}

export const requestCancel = (kv: Kv, id: string, ttlSeconds: number) =>
  kv.set(cancelKey(id), "1", ttlSeconds);

export const cancelRequested = async (kv: Kv, id: string) => (await kv.get(cancelKey(id))) !== null;

/**
 * `Last-Event-ID` of this generation (`<id>:<n>`): the number of the last event the client has;
 * 0 without the header. Undefined when it is not of this form or names another generation.
 */
export function lastEventNumber(header: string | undefined, id: string): number | undefined {
  if (header === undefined || header.trim() === "") return 0;
  const value = header.trim();
  if (value.length > 64 || !value.startsWith(`${id}:`)) return undefined;
  const n = value.slice(id.length + 1);
  return /^\d{1,9}$/.test(n) ? Number(n) : undefined;
}
