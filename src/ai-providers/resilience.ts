import type { Config } from "../config";
import type { Clock } from "../core/clock";
import type { Kv } from "../core/kv";
import type { Logger } from "../core/logger";
import type { Metrics } from "../core/metrics";
import { answerCleaner, checkedPiece, wholeText } from "./answer";
import { attemptStream, attemptTimer, deadlineTimer, nextMove, rejectsKey } from "./attempt";
import { BACKOFF_CAP_MS, realTiming } from "./backoff";
import { type BreakerState, createBreaker } from "./breaker";
import { classifyError } from "./classify";
import { orderKeys, rejectKey } from "./key-pool";
import type { Prompt } from "./prompt";
import type { AiProviders, GenerateResult, ProviderName } from "./provider";
import { KEY_OPTIONAL_PROVIDERS, ProviderError } from "./provider";

export interface AiParts {
  ai: AiProviders;
  kv: Kv;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  config: Pick<
    Config,
    | "AI_TIMEOUT_MS"
    | "AI_MAX_RETRIES"
    | "AI_BREAKER_THRESHOLD"
    | "AI_BREAKER_COOLDOWN_MS"
    | "AI_MAX_OUTPUT_TOKENS"
    | "AI_MAX_OUTPUT_CHARS"
    | "AI_TOTAL_TIMEOUT_MS"
  >;
}

export interface AiTarget {
  provider: ProviderName;
  /** The provider's model id. */
  model: string;
  /** The setting that holds the keys (names the rotation counter, never logged with a key). */
  keyName: string;
  /** Empty: none configured (only a KEY_OPTIONAL provider is then called, without a key). */
  keys: readonly string[];
  /** The model's own server (`openai_compatible`). */
  baseUrl?: string;
}

/**
 * One circuit per provider model, and per server for models on their own servers: two
 * `openai_compatible` models serving `llama3` from different machines fail independently.
 */
export const breakerName = (t: AiTarget) =>
  t.baseUrl ? `${t.provider}:${t.baseUrl}:${t.model}` : `${t.provider}:${t.model}`;

/** A keyless call (a local server) is one "key" that is the empty string, outside the pool. */
const keyless = (t: AiTarget) => t.keys.length === 0 && KEY_OPTIONAL_PROVIDERS.includes(t.provider);

export interface AiCallResult extends GenerateResult {
  attempts: number;
}

export type AiFailure = "breaker_open" | "failure" | "cancelled" | "no_key";

/** Why a call gave up; carries no provider text, so it is safe to log and map to a fixed 503. */
export class AiCallError extends Error {
  constructor(
    readonly reason: AiFailure,
    readonly attempts: number,
  ) {
    super(`ai call ${reason}`);
    this.name = "AiCallError";
  }
}

/**
 * The keys to use and the breaker's verdict, before any provider call. The two are read
 * together (one store round trip instead of two); a call with no usable key that happened to
 * draw the trial leaves it to expire after `trialTtlSeconds`, within the rejected keys' skip.
 */
async function openCall(parts: AiParts, target: AiTarget, log: CallLog) {
  const { config } = parts;
  const breaker = createBreaker(parts, breakerName(target), {
    threshold: config.AI_BREAKER_THRESHOLD,
    cooldownMs: config.AI_BREAKER_COOLDOWN_MS,
    trialTtlSeconds: Math.ceil(
      ((config.AI_TIMEOUT_MS + BACKOFF_CAP_MS) * (config.AI_MAX_RETRIES + 1)) / 1000,
    ),
  });
  const [keys, state]: [string[], BreakerState] = await Promise.all([
    keyless(target) ? [""] : orderKeys(parts, target.keyName, target.keys),
    breaker.acquire(),
  ]);
  if (keys.length === 0) {
    log("no_key", 0);
    throw new AiCallError("no_key", 0);
  }
  parts.metrics?.breaker(target.provider, target.model, state === "open");
  if (state === "open") {
    log("breaker_open", 0);
    throw new AiCallError("breaker_open", 0);
  }
  return { keys, breaker, state };
}

type CallLog = (status: string, attempts: number, extra?: Record<string, unknown>) => void;

/** One log line per call: provider, model, attempts, status, latency; never a key or the prompt. */
function callLog(parts: AiParts, target: AiTarget): CallLog {
  const started = parts.clock.now();
  return (status, attempts, extra = {}) =>
    parts.logger[status === "ok" ? "info" : "warn"]("ai call", {
      provider: target.provider,
      model: target.model,
      attempts,
      status,
      latencyMs: parts.clock.now() - started,
      ...extra,
    });
}

/**
 * One generation with every safeguard: breaker check, keys in turn (a rejected key is skipped and
 * the next one tried at once), a timeout per attempt (silence) and one for the whole call
 * (AI_TOTAL_TIMEOUT_MS), retries for network errors, 429 and 5xx with exponential backoff and
 * jitter honouring Retry-After. The answer is data: text that is not a string, is empty, or is
 * longer than AI_MAX_OUTPUT_CHARS fails the call (and stops reading); NUL and lone surrogates are
 * removed. Yields text as it streams; a stream is never retried once text went out. Returns the
 * whole text and usage.
 */
export async function* callAi(
  parts: AiParts,
  target: AiTarget,
  prompt: Prompt,
  opts: { signal: AbortSignal; stream: boolean },
): AsyncGenerator<string, AiCallResult> {
  const { config } = parts;
  const timing = parts.ai.timing ?? realTiming;
  const log = callLog(parts, target);
  // The SDK's first load (a dynamic import: seconds on a cold, busy machine) is no provider
  // silence: done before any timer starts (and before the breaker's trial is drawn), it never
  // costs an attempt its AI_TIMEOUT_MS.
  await parts.ai[target.provider].ready?.();
  const { keys, breaker, state } = await openCall(parts, target, log);
  const deadline = deadlineTimer(config.AI_TOTAL_TIMEOUT_MS, opts.signal);
  const cancelled = (attempts: number) => {
    log("cancelled", attempts);
    return new AiCallError("cancelled", attempts);
  };
  const giveUp = async (err: ProviderError, attempts: number) => {
    await breaker.failure(state);
    log(err.kind, attempts, { httpStatus: err.status });
    return new AiCallError("failure", attempts);
  };
  const max = config.AI_MAX_OUTPUT_CHARS;
  let attempts = 0;
  let retries = 0;
  let turn = 0;
  try {
    while (true) {
      const key = keys[turn % keys.length] ?? "";
      attempts++;
      const timer = attemptTimer(config.AI_TIMEOUT_MS, deadline.signal);
      const req = {
        model: target.model,
        ...prompt,
        apiKey: key,
        ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
        signal: timer.signal,
      };
      const gen = attemptStream(
        parts.ai[target.provider],
        { ...req, maxOutputTokens: config.AI_MAX_OUTPUT_TOKENS },
        opts.stream,
      );
      const cleaner = answerCleaner();
      let text = "";
      let answered = false;
      try {
        for (let step = await gen.next(); ; step = await gen.next()) {
          if (step.done) {
            // The openai SDK ends a stream quietly when its signal aborts: cut short, not done.
            if (timer.signal.aborted) throw new ProviderError("aborted");
            const whole = wholeText(step.value, text, cleaner.push, max);
            answered = true;
            await breaker.success();
            log("ok", attempts);
            return { ...step.value, text: whole, attempts };
          }
          const piece = cleaner.push(checkedPiece(step.value, text.length, max));
          text += piece;
          timer.touch();
          if (piece) yield piece;
        }
      } catch (raw) {
        const err =
          timer.timedOut() || deadline.expired()
            ? new ProviderError("timeout")
            : classifyError(raw, timer.signal);
        if (opts.signal.aborted) throw cancelled(attempts);
        const fresh = text.length === 0;
        if (fresh && rejectsKey(err)) {
          // A server refusing keyless calls has no key to skip: the call fails as a rejected key does.
          if (key) {
            await rejectKey(parts, key);
            parts.metrics?.keyRejected(target.keyName);
          }
          keys.splice(turn % keys.length, 1);
        }
        const move = nextMove(err, {
          fresh,
          retries,
          keysLeft: keys.length,
          maxRetries: config.AI_MAX_RETRIES,
          random: timing.random(),
        });
        if (move.kind === "fail") throw await giveUp(err, attempts);
        if (move.kind === "retry") {
          retries++;
          turn++;
          parts.logger.debug("ai retry", {
            provider: target.provider,
            status: err.status,
            delay: move.delay,
          });
          await timing.sleep(move.delay, deadline.signal);
          if (opts.signal.aborted) throw cancelled(attempts);
          if (deadline.expired()) throw await giveUp(new ProviderError("timeout"), attempts);
        }
      } finally {
        // An answered call has nothing in flight; anything else may, and is aborted.
        timer.clear({ abort: !answered });
        await gen.return(undefined).catch(() => {});
      }
    }
  } finally {
    deadline.clear();
  }
}
