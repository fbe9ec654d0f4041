import { GENERATE } from "./api-client";
import type { StandIn } from "./stand-in";
import { type Spread, spread } from "./stats";

/**
 * Measurements autocannon cannot make at sub-millisecond resolution, taken with our own client
 * one request at a time (so queueing does not hide the API's own cost).
 */

export interface ProbeResult {
  status: "ok" | "skipped";
  reason?: string;
  /**
   * Non-streaming: milliseconds above the provider's own latency (the time the stand-in held the
   * request). Streaming: the first chunk's delay.
   */
  overhead?: Spread;
  /** Non-streaming: milliseconds above the provider's fixed delay (includes its timer jitter). */
  aboveFixed?: Spread;
}

const HEADERS = { "content-type": "application/json" };

/** A probe that fails (timeout, refused) reports why instead of ending the run. */
async function guarded(run: () => Promise<ProbeResult>): Promise<ProbeResult> {
  try {
    return await run();
  } catch (err) {
    return { status: "skipped", reason: `error: ${(err as Error).message}` };
  }
}

/** POST /api/ai/generate/ latency minus the time the stand-in held the call (and minus its delay). */
export function generationOverhead(base: string, standIn: StandIn, delayMs: number, count: number) {
  return guarded(() => measureGeneration(base, standIn, delayMs, count));
}

/** Time from the stand-in writing its first chunk to the client reading the first SSE chunk. */
export function streamingFirstChunk(base: string, standIn: StandIn, count: number) {
  return guarded(() => measureFirstChunk(base, standIn, count));
}

async function measureGeneration(
  base: string,
  standIn: StandIn,
  delayMs: number,
  count: number,
): Promise<ProbeResult> {
  const samples: number[] = [];
  const aboveFixed: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/api/ai/generate/`, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify(GENERATE),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    if (res.status !== 201) return { status: "skipped", reason: `status ${res.status}` };
    const total = performance.now() - started;
    if (i === 0) continue; // the first one warms up
    samples.push(total - standIn.lastHeldMs());
    aboveFixed.push(total - delayMs);
  }
  return { status: "ok", overhead: spread(samples), aboveFixed: spread(aboveFixed) };
}

/** Reads an SSE response until the first `event: chunk`; returns when it arrived. */
async function firstChunkAt(res: Response): Promise<number | null> {
  const reader = res.body?.getReader();
  if (!reader) return null;
  const decoder = new TextDecoder();
  let seen = "";
  let at: number | null = null;
  for (let reads = 0; reads < 10_000; reads++) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
    if (at === null && seen.includes("event: chunk")) at = performance.now();
  }
  return at;
}

async function measureFirstChunk(
  base: string,
  standIn: StandIn,
  count: number,
): Promise<ProbeResult> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${base}/api/ai/generate/`, {
      method: "POST",
      headers: { ...HEADERS, accept: "text/event-stream" },
      body: JSON.stringify(GENERATE),
      signal: AbortSignal.timeout(30_000),
    });
    const type = res.headers.get("content-type") ?? "";
    if (res.status !== 200 || !type.startsWith("text/event-stream")) {
      await res.arrayBuffer();
      return { status: "skipped", reason: `status ${res.status} ${type}` };
    }
    const at = await firstChunkAt(res);
    if (at === null) return { status: "skipped", reason: "no chunk event" };
    if (i > 0) samples.push(at - standIn.lastFirstChunkAt());
  }
  return { status: "ok", overhead: spread(samples) };
}
