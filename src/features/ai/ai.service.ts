import { refusedBaseUrl } from "../../ai-providers/base-url";
import { parseKeys } from "../../ai-providers/key-pool";
import { buildPrompt, type Prompt } from "../../ai-providers/prompt";
import {
  BASE_URL_PROVIDERS,
  isHostedKeyName,
  KEY_OPTIONAL_PROVIDERS,
  PROVIDER_NAMES,
  type ProviderName,
} from "../../ai-providers/provider";
import type { AiCallError, AiCallResult, AiParts, AiTarget } from "../../ai-providers/resilience";
import type { AppEnv } from "../../app-env";
import { cacheAsideJson } from "../../core/cache";
import { aiUnavailable, fieldError, notAuthenticated, throttled } from "../../core/errors";
import type { Logger } from "../../core/logger";
import { timestampNow } from "../../core/timestamps";
import type { AuthUser } from "../../core/types";
import type { FieldCheck } from "../../core/validate";
import type { Db } from "../../db/client";
import type { SaveTarget } from "../../db/save-target";
import type { Deps } from "../../deps";
import { generatedResume } from "../resumes";
import type { GenerationKind } from "./ai.events";
import {
  type AiModelRow,
  activeModelExists,
  findModelAndReserve,
  insertUsage,
  listActiveModels,
  type QuotaSlot,
  releaseQuota,
  saveGenerated,
  type UsageOutcome,
  usageForDay,
} from "./ai.queries";
import { DEFAULT_RESUME_TITLE, type GenerateInput, type UsageResponse } from "./ai.schemas";
import { toPublicModel, toUsage } from "./ai.serializers";

/** Bump the version when the cached shape changes, so old entries are never served. */
export const MODELS_CACHE_KEY = "ai:models:v1";

/** Everything a generation needs once it passed validation, auth and the daily limit. */
export interface Generation {
  model: AiModelRow;
  target: AiTarget;
  prompt: Prompt;
  slot: QuotaSlot;
  userId: number | null;
  clientIp: string;
  /** What the answer saves (a resume, a tailored resume, a cover letter), as its owner says. */
  save: SaveTarget;
  /** Which endpoint started it (the generation's status names it). */
  kind: GenerationKind;
  started: number;
}

/** What to generate: with which model, from which prompt, saved as what. */
export interface GenerationJob {
  model: string;
  prompt: Prompt;
  save: SaveTarget;
  kind: GenerationKind;
}

/** POST /api/ai/generate/: a resume from the user's own words. */
export const resumeJob = (input: GenerateInput): GenerationJob => ({
  model: input.model,
  prompt: buildPrompt(input.user_input),
  save: generatedResume(input.title ?? DEFAULT_RESUME_TITLE),
  kind: "generate",
});

export interface RequestFacts {
  user: AuthUser | null;
  clientIp: string;
  logger: Logger;
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The next UTC midnight, when every daily limit starts again. */
export function nextUtcMidnight(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** Seconds until then (at least 1, as Retry-After). */
export const secondsToUtcMidnight = (ms: number) =>
  Math.max(1, Math.ceil((nextUtcMidnight(ms) - ms) / 1000));

/** Longer than any call may take (timeouts × attempts, doubled), and never under 15 minutes. */
export const staleReservationMs = (config: Deps["config"]) =>
  Math.max(15 * 60_000, 2 * config.AI_TIMEOUT_MS * (config.AI_MAX_RETRIES + 1));

/** The public model list as cached JSON text (cache-aside; a kv failure falls back to the db). */
export const cachedModels = (deps: Deps, reader: Db, logger: Logger) =>
  cacheAsideJson(
    { kv: deps.kv, logger, waitUntil: deps.waitUntil, metrics: deps.metrics },
    MODELS_CACHE_KEY,
    deps.config.MODELS_CACHE_SECONDS,
    async () => (await listActiveModels(reader)).map(toPublicModel),
  );

/** The caller's generations today (UTC) per active model, and when the limits reset. */
export async function usageToday(deps: Deps, userId: number): Promise<UsageResponse> {
  const now = deps.clock.now();
  const day = utcDay(now);
  const rows = await usageForDay(deps.database.db, { subject: `user:${userId}`, day });
  return toUsage(day, new Date(nextUtcMidnight(now)), rows);
}

export const aiParts = (deps: Deps, logger: Logger): AiParts => ({
  ai: deps.ai,
  kv: deps.kv,
  clock: deps.clock,
  logger,
  config: deps.config,
  ...(deps.metrics ? { metrics: deps.metrics } : {}),
});

const isProvider = (v: string): v is ProviderName =>
  (PROVIDER_NAMES as readonly string[]).includes(v);

type UsageExtra = { attempts?: number; promptTokens?: number; completionTokens?: number };
type UsageSubject = Pick<Generation, "model" | "userId" | "clientIp" | "started">;

/** A ledger row: the user, or for anonymous callers the IP, and no prompt or output. */
function usageRow(deps: Deps, gen: UsageSubject, outcome: UsageOutcome, extra: UsageExtra = {}) {
  const latencyMs = Math.max(0, deps.clock.now() - gen.started);
  // Every outcome passes here once (success, failure, limited, breaker_open, cancelled).
  deps.metrics?.ai(
    gen.model.apiProvider,
    gen.model.modelName,
    outcome,
    latencyMs / 1000,
    extra.attempts ?? 0,
  );
  return {
    userId: gen.userId,
    clientIp: gen.userId === null ? gen.clientIp : null,
    modelId: gen.model.id,
    outcome,
    latencyMs,
    attempts: extra.attempts ?? 0,
    promptTokens: extra.promptTokens ?? null,
    completionTokens: extra.completionTokens ?? null,
    createdAt: new Date(deps.clock.now()),
  };
}

const usableKeys = new WeakMap<Deps["config"]["secrets"], string[]>();

/** The key settings that hold at least one key (computed once per configuration). */
function usableKeyNames(secrets: Deps["config"]["secrets"]): string[] {
  let names = usableKeys.get(secrets);
  if (!names) {
    names = Object.keys(secrets).filter((k) => parseKeys(secrets[k]).length > 0);
    usableKeys.set(secrets, names);
  }
  return names;
}

export const INVALID_MODEL = "This model is not valid or is currently disabled.";

/**
 * What the admin API refuses, also refused for rows written before it did (or by hand): an
 * `openai_compatible` model never gets a Gemini or OpenRouter key setting, nor calls a
 * link-local or metadata address.
 */
const keptWithProvider = (provider: ProviderName, model: AiModelRow) =>
  provider !== "openai_compatible" ||
  (!isHostedKeyName(model.apiKeyName) && !(model.baseUrl && refusedBaseUrl(model.baseUrl)));

/** `model` beside the other fields' errors when they fail too (DRF validates every field). */
export const modelCheck: FieldCheck<AppEnv> = async (c, name) =>
  typeof name === "string" && !(await activeModelExists(c.env.deps.database.db, { name }))
    ? INVALID_MODEL
    : null;

/** Who asks, fixed for a whole generation: a fallback is reserved for the same caller and day. */
interface Caller {
  userId: number | null;
  clientIp: string;
  subject: string;
  day: string;
  now: number;
}

/** A model's part of a Generation: the row, its reserved slot and where to call it. */
type Reserved = Pick<Generation, "model" | "slot" | "target">;
type Refusal = "invalid" | "login" | "unconfigured" | "limited";

/**
 * The model looked up and one slot of its daily limit reserved for the caller, or why not. The
 * lookup and the reservation are one statement, which reserves only when the model may be used;
 * the reasons are then read off the row. A misconfigured model and a refused limit get their
 * ledger rows here, whether the model was asked for or reached as a fallback.
 */
async function reserveModel(
  deps: Deps,
  logger: Logger,
  caller: Caller,
  name: string,
): Promise<{ ok: true; reserved: Reserved } | { ok: false; reason: Refusal; model?: AiModelRow }> {
  const { subject, day, now } = caller;
  const { model, reserved } = await findModelAndReserve(deps.database.db, {
    name,
    subject,
    day,
    signedIn: caller.userId !== null,
    usableKeyNames: usableKeyNames(deps.config.secrets),
    now: new Date(now),
    staleBefore: new Date(now - staleReservationMs(deps.config)),
  });
  if (!model) return { ok: false, reason: "invalid" };
  const slot: QuotaSlot = { subject, modelId: model.id, day };
  const refuse = async (reason: Refusal) => {
    if (reserved) await releaseQuota(deps.database.db, slot);
    return { ok: false as const, reason, model };
  };
  if (model.loginRequired && caller.userId === null) return refuse("login");
  const base = { model, userId: caller.userId, clientIp: caller.clientIp, started: now };
  const keys = parseKeys(deps.config.secrets[model.apiKeyName]);
  const provider = isProvider(model.apiProvider) ? model.apiProvider : undefined;
  const baseUrl = model.baseUrl ?? undefined;
  if (
    !provider ||
    (keys.length === 0 && !KEY_OPTIONAL_PROVIDERS.includes(provider)) ||
    (!baseUrl && BASE_URL_PROVIDERS.includes(provider)) ||
    !keptWithProvider(provider, model)
  ) {
    // Names the setting, never a value; an operator fixes it, the client only learns "unavailable".
    logger.error("ai model not configured", {
      model: model.displayName,
      provider: model.apiProvider,
      keyName: model.apiKeyName,
      keysFound: keys.length,
    });
    await insertUsage(deps.database.db, usageRow(deps, base, "failure"));
    return refuse("unconfigured");
  }
  if (!reserved) {
    await insertUsage(deps.database.db, usageRow(deps, base, "limited"));
    return refuse("limited");
  }
  const target = { provider, model: model.modelName, keyName: model.apiKeyName, keys };
  return { ok: true, reserved: { model, slot, target: baseUrl ? { ...target, baseUrl } : target } };
}

/**
 * Checks in the order the caller can act on: the model, sign-in, the provider's configuration,
 * then the daily limit (over it: 429 until UTC midnight, no provider call).
 */
export async function prepareGeneration(
  deps: Deps,
  facts: RequestFacts,
  job: GenerationJob,
): Promise<Generation> {
  const now = deps.clock.now();
  const userId = facts.user?.id ?? null;
  const subject = userId !== null ? `user:${userId}` : `ip:${facts.clientIp}`;
  const caller = { userId, clientIp: facts.clientIp, subject, day: utcDay(now), now };
  const r = await reserveModel(deps, facts.logger, caller, job.model);
  if (!r.ok) {
    if (r.reason === "invalid") throw fieldError("model", INVALID_MODEL);
    if (r.reason === "login") throw notAuthenticated();
    throw r.reason === "limited" ? throttled(secondsToUtcMidnight(now)) : aiUnavailable();
  }
  return {
    ...r.reserved,
    userId,
    clientIp: facts.clientIp,
    started: now,
    prompt: job.prompt,
    save: job.save,
    kind: job.kind,
  };
}

/** The most models one generation tries: the chosen one and two fallbacks (A -> B -> C). */
export const MAX_MODELS_PER_GENERATION = 3;

/**
 * The generation `gen` becomes when its model gave up: the same request on the model's fallback,
 * under the fallback's own limits (sign-in, configuration, a slot of its daily limit for the same
 * caller and day). A fallback that may not serve is passed over for its own fallback; a name seen
 * before ends the chain (A -> B -> A), as does the cap. `tried` holds the lowercased display names
 * seen so far. Undefined when no model is left: the caller answers as the failure would.
 */
export async function fallbackGeneration(
  deps: Deps,
  logger: Logger,
  gen: Generation,
  tried: Set<string>,
): Promise<Generation | undefined> {
  const now = deps.clock.now();
  const caller = { userId: gen.userId, clientIp: gen.clientIp, ...gen.slot, now };
  let name = gen.model.fallbackModel;
  while (name && !tried.has(name.toLowerCase()) && tried.size < MAX_MODELS_PER_GENERATION) {
    tried.add(name.toLowerCase());
    const r = await reserveModel(deps, logger, caller, name);
    if (r.ok) {
      logger.info("ai fallback", { from: gen.model.displayName, to: r.reserved.model.displayName });
      return { ...gen, ...r.reserved, started: now };
    }
    logger.warn("ai fallback passed over", { model: name, reason: r.reason });
    name = r.model?.fallbackModel ?? null;
  }
  return undefined;
}

/** What the generation saves, the used slot and the ledger row land together or not at all. */
export async function saveGeneration(deps: Deps, gen: Generation, result: AiCallResult) {
  try {
    const id = await saveGenerated(deps.database.db, {
      userId: gen.userId,
      target: gen.save,
      content: result.text,
      model: gen.model.displayName,
      now: timestampNow(deps.clock),
      slot: gen.slot,
      usage: usageRow(deps, gen, "success", result),
    });
    if (id === undefined) throw new Error("anonymous_user missing (run the seed)");
    return id;
  } catch (err) {
    await releaseQuota(deps.database.db, gen.slot);
    throw err;
  }
}

/** A call that gave up: the slot goes back (nothing used) and the ledger says why. */
export async function failGeneration(deps: Deps, gen: Generation, err: AiCallError | undefined) {
  await releaseQuota(deps.database.db, gen.slot);
  const outcome: UsageOutcome =
    err?.reason === "breaker_open"
      ? "breaker_open"
      : err?.reason === "cancelled"
        ? "cancelled"
        : "failure";
  await insertUsage(deps.database.db, usageRow(deps, gen, outcome, { attempts: err?.attempts }));
}
