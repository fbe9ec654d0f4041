import type { Context } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { AiCallError } from "../../ai-providers/resilience";
import type { AppEnv } from "../../app-env";
import { reportError } from "../../core/error-reporter";
import { aiUnavailable } from "../../core/errors";
import type { Logger } from "../../core/logger";
import type { GenerationEvent } from "./ai.events";
import { startJob } from "./ai.jobs";
import type { GenerationOutcome } from "./ai.runner";
import { AI_MODEL_HEADER, aiModelHeader } from "./ai.serializers";
import type { Generation, RequestFacts } from "./ai.service";

/** What a JSON answer presents: the saved outcome and the generation's id. */
type Saved = Extract<GenerationOutcome, { ok: true }> & { generationId: string };

/** Who asks, as a generation's checks need it (sign-in, the anonymous IP, the request's log). */
export const requestFacts = (c: Context<AppEnv>): RequestFacts => ({
  user: c.get("user"),
  clientIp: c.get("clientIp"),
  logger: c.get("logger"),
});

/** Client asked for the streaming variant (`Accept: text/event-stream`). */
export function wantsStream(c: Context<AppEnv>): boolean {
  return (c.req.header("accept") ?? "").toLowerCase().includes("text/event-stream");
}

/**
 * The JSON answer's run: the generation started as a job (a client that leaves does not stop
 * it), then the saved outcome with the generation's id (`X-AI-Model` set to the model that
 * served it), or the error to answer with (a provider that gave up, or a cancel, is 503; anything
 * unexpected, or a failed save, is a logged 500). `accept` reads the answer before it is saved
 * (see GenerationOutput).
 */
export async function completeGeneration(
  c: Context<AppEnv>,
  gen: Generation,
  accept?: (text: string) => void,
): Promise<Saved> {
  const job = startJob(c.env.deps, c.get("logger"), gen, {
    stream: false,
    ...(accept ? { accept } : {}),
  });
  const outcome = await job.outcome;
  if (outcome.ok) {
    c.header(AI_MODEL_HEADER, aiModelHeader(outcome.model));
    return { ...outcome, generationId: job.id };
  }
  if (outcome.stage === "call" && outcome.error instanceof AiCallError) {
    reportError(c, outcome.error, 503);
    throw aiUnavailable();
  }
  throw outcome.stage === "cancelled" ? aiUnavailable() : outcome.error;
}

/** A failed streamed generation as a JSON answer would have reported it (503 or a logged 500). */
function reportStreamed(c: Context<AppEnv>, logger: Logger, outcome: GenerationOutcome) {
  if (outcome.ok || outcome.stage === "cancelled") return;
  if (outcome.stage === "save") {
    logger.error("ai stream save failed", { error: (outcome.error as Error).name });
  } else if (!(outcome.error instanceof AiCallError)) {
    logger.error("ai stream failed", { error: (outcome.error as Error).name });
  }
  reportError(c, outcome.error, outcome.error instanceof AiCallError ? 503 : 500);
}

/**
 * Writes a generation's events as SSE, each with its `id:` (`<generation id>:<n>`, what a
 * client sends back as `Last-Event-ID`), until the final one or until the reader leaves.
 */
export async function writeEvents(
  stream: SSEStreamingApi,
  generationId: string,
  events: AsyncIterable<GenerationEvent>,
): Promise<void> {
  for await (const e of events) {
    if (stream.aborted || stream.closed) return;
    await stream.writeSSE({ id: `${generationId}:${e.n}`, event: e.event, data: e.data });
  }
}

/** An SSE answer whose reader leaving (`signal`) ends only the answer, never the generation. */
export function sseResponse(
  c: Context<AppEnv>,
  write: (stream: SSEStreamingApi, signal: AbortSignal) => Promise<void>,
): Response {
  return streamSSE(c, async (stream) => {
    const left = new AbortController();
    const leave = () => left.abort();
    stream.onAbort(leave);
    c.req.raw.signal.addEventListener("abort", leave, { once: true });
    try {
      await write(stream, left.signal);
    } finally {
      c.req.raw.signal.removeEventListener("abort", leave);
    }
  });
}

/**
 * SSE from the provider's own streaming API: `chunk` events as text arrives, then what the
 * generation makes is saved and `done` carries its id (`savedId`), the model that served it and
 * the generation's id; any failure is one `error` event and nothing saved. Every event has an
 * `id:` to resume from (`GET /api/ai/generations/{id}/stream/`). A client that goes away ends
 * its answer only: the generation finishes and is saved (`DELETE` cancels it). The answer's
 * head waits for the first chunk (or the end), so `X-AI-Model` can name the model that answers,
 * a fallback included; a stream that failed before any text has no such header.
 */
export async function streamGeneration(c: Context<AppEnv>, gen: Generation): Promise<Response> {
  const logger = c.get("logger");
  const job = startJob(c.env.deps, logger, gen, { stream: true });
  void job.outcome.then((outcome) => reportStreamed(c, logger, outcome));
  const res = sseResponse(c, (stream, signal) =>
    writeEvents(stream, job.id, job.follow(0, signal)),
  );
  const model = await job.served;
  if (model) res.headers.set(AI_MODEL_HEADER, aiModelHeader(model));
  return res;
}
