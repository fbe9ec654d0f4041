import { Agent, type IncomingMessage, request } from "node:http";
import { GENERATE } from "./api-client";
import type { StandIn } from "./stand-in";
import { type Spread, spread } from "./stats";

/**
 * Measurements autocannon cannot make at sub-millisecond resolution, taken with our own client
 * one request at a time (so queueing does not hide the API's own cost). The client is
 * `node:http` on a keep-alive agent, as lean as autocannon's: `fetch` costs this machine
 * 0.5-0.7 ms more per round trip on the client's own side (BENCHMARKS.md #13), which is not
 * the API's overhead.
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
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** POSTs the generation request; resolves with the response once its headers arrived. */
function postGenerate(base: string, headers: Record<string, string>): Promise<IncomingMessage> {
  const body = JSON.stringify(GENERATE);
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/ai/generate/`, {
      method: "POST",
      agent,
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      timeout: 30_000,
    });
    req.once("response", resolve);
    req.once("timeout", () => req.destroy(new Error("probe timed out")));
    req.once("error", reject);
    req.end(body);
  });
}

/** Reads a response to its end. */
async function drain(res: IncomingMessage): Promise<void> {
  for await (const _ of res) {
    // discard
  }
}

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
    const res = await postGenerate(base, HEADERS);
    await drain(res);
    const total = performance.now() - started;
    if (res.statusCode !== 201) return { status: "skipped", reason: `status ${res.statusCode}` };
    if (i === 0) continue; // the first one warms up
    samples.push(total - standIn.lastHeldMs());
    aboveFixed.push(total - delayMs);
  }
  return { status: "ok", overhead: spread(samples), aboveFixed: spread(aboveFixed) };
}

/** Reads an SSE response to its end; returns when the first `event: chunk` arrived. */
async function firstChunkAt(res: IncomingMessage): Promise<number | null> {
  res.setEncoding("utf8");
  let seen = "";
  let at: number | null = null;
  for await (const part of res) {
    if (at !== null) continue;
    seen += part;
    if (seen.includes("event: chunk")) at = performance.now();
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
    const res = await postGenerate(base, { ...HEADERS, accept: "text/event-stream" });
    const type = res.headers["content-type"] ?? "";
    if (res.statusCode !== 200 || !type.startsWith("text/event-stream")) {
      await drain(res);
      return { status: "skipped", reason: `status ${res.statusCode} ${type}` };
    }
    const at = await firstChunkAt(res);
    if (at === null) return { status: "skipped", reason: "no chunk event" };
    if (i > 0) samples.push(at - standIn.lastFirstChunkAt());
  }
  return { status: "ok", overhead: spread(samples) };
}
