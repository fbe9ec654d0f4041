import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { AiCallError } from "../../ai-providers/resilience";
import type { AppEnv } from "../../app-env";
import { reportError } from "../../core/error-reporter";
import { AI_UNAVAILABLE_MESSAGE, aiUnavailable } from "../../core/errors";
import { type GenerationOutcome, runGeneration } from "./ai.runner";
import { AI_MODEL_HEADER, aiModelHeader } from "./ai.serializers";
import type { Generation, RequestFacts } from "./ai.service";

type Saved = Extract<GenerationOutcome, { ok: true }>;

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

/** The saved row's id as the answers name it: `resume_id` for a resume, `id` for a cover letter. */
export const savedId = (gen: Generation, id: number) =>
  gen.save.kind === "resume" ? { resume_id: id } : { id };

/**
 * The JSON answer's run: the saved outcome (`X-AI-Model` set to the model that served it), or
 * the error to answer with (a provider that gave up is 503; anything unexpected, or a failed save,
 * is a logged 500). `accept` reads the answer before it is saved (see GenerationOutput).
 */
export async function completeGeneration(
  c: Context<AppEnv>,
  gen: Generation,
  accept?: (text: string) => void,
): Promise<Saved> {
  const signal = c.req.raw.signal;
  const out = { stream: false, signal, ...(accept ? { accept } : {}) };
  const outcome = await runGeneration(c.env.deps, c.get("logger"), gen, out);
  if (outcome.ok) {
    c.header(AI_MODEL_HEADER, aiModelHeader(outcome.model));
    return outcome;
  }
  if (outcome.stage === "call" && outcome.error instanceof AiCallError) {
    reportError(c, outcome.error, 503);
    throw aiUnavailable();
  }
  throw outcome.stage === "cancelled" ? aiUnavailable() : outcome.error;
}

/**
 * SSE from the provider's own streaming API: `chunk` events as text arrives, then what the
 * generation makes is saved and `done` carries its id (`savedId`) and the model that served it;
 * any failure is one `error` event and nothing saved. A client that goes away aborts the provider
 * call (the request's signal on Node, the stream's cancel elsewhere) and nothing is saved either. The answer's head waits for
 * the first chunk (or the end), so `X-AI-Model` can name the model that answers, a fallback
 * included; a stream that failed before any text has no such header.
 */
export async function streamGeneration(c: Context<AppEnv>, gen: Generation): Promise<Response> {
  const { deps } = c.env;
  const logger = c.get("logger");
  let announce: (model: string | undefined) => void = () => {};
  const serving = new Promise<string | undefined>((resolve) => {
    announce = resolve;
  });
  const res = streamSSE(c, async (stream) => {
    const ctl = new AbortController();
    const abort = () => ctl.abort();
    stream.onAbort(abort);
    c.req.raw.signal.addEventListener("abort", abort, { once: true });
    const outcome = await runGeneration(deps, logger, gen, {
      stream: true,
      signal: ctl.signal,
      serving: announce,
      chunk: (text) => stream.writeSSE({ event: "chunk", data: JSON.stringify({ text }) }),
    }).finally(() => announce(undefined));
    if (outcome.ok) {
      await stream.writeSSE({
        event: "done",
        data: JSON.stringify({ ...savedId(gen, outcome.id), model: outcome.model }),
      });
      return;
    }
    if (outcome.stage === "cancelled") return;
    if (outcome.stage === "save") {
      logger.error("ai stream save failed", { error: (outcome.error as Error).name });
    } else if (!(outcome.error instanceof AiCallError)) {
      logger.error("ai stream failed", { error: (outcome.error as Error).name });
    }
    // What a JSON answer would have made a 503 (the provider gave up) or a 500 (anything else).
    reportError(c, outcome.error, outcome.error instanceof AiCallError ? 503 : 500);
    // A reader that left gets nothing more; a failed save happens only with one still there.
    if (outcome.stage === "save" || !ctl.signal.aborted) {
      await stream.writeSSE({
        event: "error",
        data: JSON.stringify({ error: AI_UNAVAILABLE_MESSAGE }),
      });
    }
  });
  const model = await serving;
  if (model) res.headers.set(AI_MODEL_HEADER, aiModelHeader(model));
  return res;
}
