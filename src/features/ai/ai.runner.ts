import { AiCallError, type AiCallResult, callAi } from "../../ai-providers/resilience";
import type { Logger } from "../../core/logger";
import type { Deps } from "../../deps";
import {
  aiParts,
  failGeneration,
  fallbackGeneration,
  type Generation,
  saveGeneration,
} from "./ai.service";

/** Where a generation's text goes: whole at the end (JSON), or piece by piece (SSE). */
export interface GenerationOutput {
  stream: boolean;
  /** The generation's cancel: aborts the provider call, and nothing is saved. */
  signal: AbortSignal;
  /** Writes one piece of streamed text (resolves once written). */
  chunk?(text: string): Promise<void>;
  /** Told which model answers (display name), before its first chunk is written. */
  serving?(model: string): void;
  /**
   * Reads the whole answer before anything is saved (the tailor's match score): a throw here
   * saves nothing and returns the slot, as a failed call does.
   */
  accept?(text: string): void;
}

export type GenerationOutcome =
  /**
   * `id`: the saved row's (a resume or a cover letter, as the generation's `save` says;
   * `NOTHING_SAVED` for `none`); `model`: the display name of the model that served it (the
   * chosen one or a fallback).
   */
  | { ok: true; id: number; text: string; model: string }
  /** The call failed (`error`: an AiCallError, or unexpected) or the save did; both recorded. */
  | { ok: false; stage: "call" | "save"; error: unknown }
  /** The generation was cancelled: the slot is back, the ledger says cancelled. */
  | { ok: false; stage: "cancelled" };

/**
 * One generation after `prepareGeneration`, shared by the JSON and the SSE answers: the provider
 * call (with fallbacks), then either what it saves, the used slot and the ledger row saved
 * together, or the slot released and the failure recorded. The answers only present the outcome.
 */
export async function runGeneration(
  deps: Deps,
  logger: Logger,
  gen: Generation,
  out: GenerationOutput,
): Promise<GenerationOutcome> {
  const called = await callModels(deps, logger, gen, out);
  if (!called.ok) return called;
  const { served, result } = called;
  try {
    out.accept?.(result.text);
  } catch (error) {
    await failGeneration(deps, served, undefined);
    return { ok: false, stage: "save", error };
  }
  try {
    const id = await saveGeneration(deps, served, result);
    return { ok: true, id, text: result.text, model: served.model.displayName };
  } catch (error) {
    return { ok: false, stage: "save", error };
  }
}

type Called =
  | { ok: true; served: Generation; result: AiCallResult }
  | Exclude<GenerationOutcome, { ok: true }>;

/** A model that gave up before any text went out leaves the answer to its fallback. */
const fallsBack = (error: unknown) => error instanceof AiCallError && error.reason !== "cancelled";

/**
 * The call step: the chosen model, then, while the one tried gave up (breaker open, failed after
 * its retries, no usable key) before any text went out, its fallback under the fallback's own
 * limits (`fallbackGeneration`). Each model that gave up has its slot back and its ledger row.
 */
async function callModels(
  deps: Deps,
  logger: Logger,
  gen: Generation,
  out: GenerationOutput,
): Promise<Called> {
  const tried = new Set([gen.model.displayName.toLowerCase()]);
  for (let current = gen; ; ) {
    const called = await callModel(deps, logger, current, out);
    if (called.ok || called.sent || !fallsBack(called.error) || out.signal.aborted) return called;
    const next = await fallbackGeneration(deps, logger, current, tried);
    if (!next) return called;
    current = next;
  }
}

/** One model's call; `sent`: text went out to the reader (a stream is then never taken over). */
async function callModel(
  deps: Deps,
  logger: Logger,
  gen: Generation,
  out: GenerationOutput,
): Promise<Called & { sent?: boolean; error?: unknown }> {
  // The signal is the generation's cancel (a reader that leaves does not stop it).
  const abandoned = () => out.signal.aborted;
  const cancel = async (attempts: number) => {
    await failGeneration(deps, gen, new AiCallError("cancelled", attempts));
    return { ok: false, stage: "cancelled" } as const;
  };
  let sent = false;
  let result: AiCallResult;
  try {
    const calls = callAi(aiParts(deps, logger), gen.target, gen.prompt, {
      signal: out.signal,
      stream: out.stream,
    });
    let step = await calls.next();
    while (!step.done) {
      if (!sent) out.serving?.(gen.model.displayName);
      sent = true;
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
    if (abandoned()) return { ok: false, stage: "cancelled", sent };
    return { ok: false, stage: "call", error, sent };
  }
  if (abandoned()) return cancel(result.attempts);
  return { ok: true, served: gen, result };
}
