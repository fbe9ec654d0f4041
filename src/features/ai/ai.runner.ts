import { AiCallError, type AiCallResult, callAi } from "../../ai/resilience";
import type { Logger } from "../../core/logger";
import type { Deps } from "../../deps";
import { aiParts, failGeneration, type Generation, saveGeneration } from "./ai.service";

/** Where a generation's text goes: whole at the end (JSON), or piece by piece (SSE). */
export interface GenerationOutput {
  stream: boolean;
  /** Aborts the provider call; a streamed generation whose reader left saves nothing. */
  signal: AbortSignal;
  /** Writes one piece of streamed text (resolves once written). */
  chunk?(text: string): Promise<void>;
}

export type GenerationOutcome =
  | { ok: true; resumeId: number; text: string }
  /** The call failed (`error`: an AiCallError, or unexpected) or the save did; both recorded. */
  | { ok: false; stage: "call" | "save"; error: unknown }
  /** The stream's reader went away: the slot is back, the ledger says cancelled. */
  | { ok: false; stage: "cancelled" };

/**
 * One generation after `prepareGeneration`, shared by the JSON and the SSE answers: the provider
 * call, then either the resume, the used slot and the ledger row saved together, or the slot
 * released and the failure recorded. The answers only present the outcome.
 */
export async function runGeneration(
  deps: Deps,
  logger: Logger,
  gen: Generation,
  out: GenerationOutput,
): Promise<GenerationOutcome> {
  // A JSON answer is saved once the provider answered; only a stream's reader can leave mid-way.
  const abandoned = () => out.stream && out.signal.aborted;
  const cancel = async (attempts: number): Promise<GenerationOutcome> => {
    await failGeneration(deps, gen, new AiCallError("cancelled", attempts));
    return { ok: false, stage: "cancelled" };
  };
  let result: AiCallResult;
  try {
    const calls = callAi(aiParts(deps, logger), gen.target, gen.prompt, {
      signal: out.signal,
      stream: out.stream,
    });
    let step = await calls.next();
    while (!step.done) {
      await out.chunk?.(step.value);
      if (abandoned()) {
        await calls.return({ text: "", attempts: 0 });
        return cancel(0);
      }
      step = await calls.next();
    }
    result = step.value;
  } catch (error) {
    const reason = abandoned() ? new AiCallError("cancelled", 0) : undefined;
    await failGeneration(deps, gen, error instanceof AiCallError ? error : reason);
    return { ok: false, stage: "call", error };
  }
  if (abandoned()) return cancel(result.attempts);
  try {
    return { ok: true, resumeId: await saveGeneration(deps, gen, result), text: result.text };
  } catch (error) {
    return { ok: false, stage: "save", error };
  }
}
