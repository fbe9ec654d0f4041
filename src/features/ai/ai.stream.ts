import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { AiCallError, type AiCallResult, callAi } from "../../ai/resilience";
import type { AppEnv } from "../../core/types";
import { AI_UNAVAILABLE_MESSAGE } from "./ai.schemas";
import { aiParts, failGeneration, type Generation, saveGeneration } from "./ai.service";

/** Client asked for the streaming variant (`Accept: text/event-stream`). */
export function wantsStream(c: Context<AppEnv>): boolean {
  return (c.req.header("accept") ?? "").toLowerCase().includes("text/event-stream");
}

/**
 * SSE from the provider's own streaming API: `chunk` events as text arrives, then the resume is
 * saved and `done` carries its id; any failure is one `error` event and nothing saved. A client
 * that goes away aborts the provider call (the request's signal on Node, the stream's cancel
 * elsewhere) and nothing is saved either.
 */
export function streamGeneration(c: Context<AppEnv>, gen: Generation): Response {
  const { deps } = c.env;
  const logger = c.get("logger");
  return streamSSE(c, async (stream) => {
    const ctl = new AbortController();
    const abort = () => ctl.abort();
    stream.onAbort(abort);
    c.req.raw.signal.addEventListener("abort", abort, { once: true });
    const fail = async (err: unknown) => {
      const reason = ctl.signal.aborted ? new AiCallError("cancelled", 0) : undefined;
      await failGeneration(deps, gen, err instanceof AiCallError ? err : reason);
      if (!ctl.signal.aborted) {
        await stream.writeSSE({
          event: "error",
          data: JSON.stringify({ error: AI_UNAVAILABLE_MESSAGE }),
        });
      }
    };
    let result: AiCallResult;
    try {
      const calls = callAi(aiParts(deps, logger), gen.target, gen.prompt, {
        signal: ctl.signal,
        stream: true,
      });
      let step = await calls.next();
      while (!step.done) {
        await stream.writeSSE({ event: "chunk", data: JSON.stringify({ text: step.value }) });
        if (ctl.signal.aborted) {
          await calls.return({ text: "", attempts: 0 });
          return fail(new AiCallError("cancelled", 0));
        }
        step = await calls.next();
      }
      result = step.value;
    } catch (err) {
      if (!(err instanceof AiCallError))
        logger.error("ai stream failed", { error: (err as Error).name });
      return fail(err);
    }
    if (ctl.signal.aborted) return fail(new AiCallError("cancelled", result.attempts));
    try {
      const resumeId = await saveGeneration(deps, gen, result);
      await stream.writeSSE({ event: "done", data: JSON.stringify({ resume_id: resumeId }) });
    } catch (err) {
      logger.error("ai stream save failed", { error: (err as Error).name });
      await stream.writeSSE({
        event: "error",
        data: JSON.stringify({ error: AI_UNAVAILABLE_MESSAGE }),
      });
    }
  });
}
