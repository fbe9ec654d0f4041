import {
  BASE_URL_PROVIDERS,
  HOSTED_PROVIDERS,
  isHostedKeyName,
  KEY_OPTIONAL_PROVIDERS,
  type ProviderName,
} from "../../ai-providers/provider";
import type { AppEnv } from "../../app-env";
import { ApiError, fieldError, notFound } from "../../core/errors";
import { MSG } from "../../core/fields";
import type { Logger } from "../../core/logger";
import { timestampNow } from "../../core/timestamps";
import type { FieldCheck } from "../../core/validate";
import { isUniqueViolation } from "../../db/errors";
import type { Deps } from "../../deps";
import { MODELS_CACHE_KEY } from "../ai";
import {
  type AiModelValues,
  deleteModel,
  displayNameTaken,
  findModel,
  insertModel,
  keyNameUsedBy,
  listModels,
  updateModel,
} from "./admin.queries";
import { type AiModelInput, type AiModelPatch, missingKeyMessage } from "./admin.schemas";

/** Both nullable text fields store a blank as null (nothing to call, no fallback). */
const blankToNull = (v: string | null | undefined) => (v === "" ? null : v);

/** Request fields → column values; only the fields sent (PATCH) are set. */
export function toValues(input: AiModelPatch): Partial<AiModelValues> {
  const map: Partial<AiModelValues> = {
    displayName: input.display_name,
    modelName: input.model_name,
    apiProvider: input.api_provider,
    // No key setting (only openai_compatible may have none) is stored blank: the column is NOT NULL.
    apiKeyName: input.api_key_name === null ? "" : input.api_key_name,
    isActive: input.is_active,
    loginRequired: input.login_required,
    dailyLimit: input.daily_limit,
    responseTimeInfo: input.response_time_info,
    description: input.description,
    baseUrl: blankToNull(input.base_url),
    fallbackModel: blankToNull(input.fallback_model),
  };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
}

const DUPLICATE_NAME = "ai model with this display name already exists.";
export const duplicateName = () => fieldError("display_name", DUPLICATE_NAME);

/** DRF's UniqueValidator on `display_name` (the row being changed excepted), beside other errors. */
export const displayNameCheck: FieldCheck<AppEnv> = async (c, name) => {
  const id = c.req.param("id");
  const except = id === undefined ? undefined : Number(id);
  if (typeof name !== "string" || (except !== undefined && !Number.isSafeInteger(except)))
    return null;
  return (await displayNameTaken(c.env.deps.database.db, { name, exceptId: except }))
    ? DUPLICATE_NAME
    : null;
};

const NO_SUCH_MODEL = (name: string) => `Object with display_name=${name} does not exist.`;
const OWN_FALLBACK = "A model cannot fall back to itself.";

/** `fallback_model` names an existing model (any case; active or not), checked beside other errors. */
export const fallbackModelCheck: FieldCheck<AppEnv> = async (c, name) =>
  typeof name === "string" &&
  name !== "" &&
  !(await displayNameTaken(c.env.deps.database.db, { name }))
    ? NO_SUCH_MODEL(name)
    : null;

type ModelFields = Pick<AiModelValues, "displayName" | "apiProvider" | "apiKeyName"> &
  Partial<Pick<AiModelValues, "baseUrl" | "fallbackModel">> & { id?: number };

const HOSTED_KEY =
  "This setting holds the key of a google_gemini or open_router model: an openai_compatible model needs a setting of its own.";
const COMPATIBLE_KEY =
  "This setting holds the key of an openai_compatible model: a google_gemini or open_router model needs a setting of its own.";

/**
 * Keys stay with their provider: an `openai_compatible` model (whose key goes to a server staff
 * name) may not name a setting of Gemini or OpenRouter (by its name, or because such a row names
 * it), and theirs may not name one an `openai_compatible` row uses. Blank is "no key", which only
 * a key-optional provider may have (`sentKey` as sent picks DRF's message).
 */
async function keyError(
  db: Deps["database"]["db"],
  row: ModelFields,
  sentKey: unknown,
): Promise<string | null> {
  const provider = row.apiProvider as ProviderName;
  const name = row.apiKeyName;
  if (name === "") {
    return KEY_OPTIONAL_PROVIDERS.includes(provider) ? null : missingKeyMessage(sentKey);
  }
  const compatible = provider === "openai_compatible";
  const others = compatible
    ? HOSTED_PROVIDERS
    : HOSTED_PROVIDERS.includes(provider)
      ? ["openai_compatible"]
      : [];
  if (compatible && isHostedKeyName(name)) return HOSTED_KEY;
  if (others.length === 0) return null;
  const taken = await keyNameUsedBy(db, { name, providers: others, exceptId: row.id });
  return taken ? (compatible ? HOSTED_KEY : COMPATIBLE_KEY) : null;
}

/**
 * The rules between fields, on the row as it will be: the key setting fits the provider
 * (`keyError`), `openai_compatible` needs a `base_url` (other providers keep none: a URL sent for
 * them is dropped), and `fallback_model` names another existing model. Returns the values to write, or throws every field's error at once.
 */
async function checkModel<T extends Partial<AiModelValues>>(
  db: Deps["database"]["db"],
  row: ModelFields,
  values: T,
  sentKey: unknown,
): Promise<T> {
  const errors: Record<string, string[]> = {};
  const key = await keyError(db, row, sentKey);
  if (key) errors.api_key_name = [key];
  const needsUrl = BASE_URL_PROVIDERS.includes(row.apiProvider as ProviderName);
  if (needsUrl && !row.baseUrl) errors.base_url = [MSG.required];
  const fallback = row.fallbackModel;
  if (fallback) {
    if (fallback.toLowerCase() === row.displayName.toLowerCase())
      errors.fallback_model = [OWN_FALLBACK];
    else if (!(await displayNameTaken(db, { name: fallback })))
      errors.fallback_model = [NO_SUCH_MODEL(fallback)];
  }
  if (Object.keys(errors).length > 0) throw new ApiError(400, errors);
  return needsUrl || !row.baseUrl ? values : { ...values, baseUrl: null };
}

/** A concurrent insert of the same name loses at the unique index: the same 400 as the pre-check. */
async function asUniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName();
    throw err;
  }
}

/** Public model list changes show at once: the cached copy goes as soon as the write commits. */
async function invalidateModels(deps: Deps, logger: Logger): Promise<void> {
  try {
    await deps.kv.del(MODELS_CACHE_KEY);
  } catch (err) {
    logger.error("models cache invalidation failed", { error: (err as Error).name });
  }
}

export const listAllModels = (deps: Deps) => listModels(deps.database.db);

export async function getModel(deps: Deps, id: number) {
  const row = await findModel(deps.database.db, { id });
  if (!row) throw notFound();
  return row;
}

export async function createModel(deps: Deps, logger: Logger, input: AiModelInput) {
  const { db } = deps.database;
  if (await displayNameTaken(db, { name: input.display_name })) throw duplicateName();
  const fields = {
    ...toValues(input),
    displayName: input.display_name,
    modelName: input.model_name,
    apiProvider: input.api_provider,
    apiKeyName: input.api_key_name ?? "",
  };
  const values = await checkModel(db, fields, fields, input.api_key_name);
  const now = timestampNow(deps.clock);
  const row = await asUniqueName(() => insertModel(db, { values, now }));
  await invalidateModels(deps, logger);
  return row;
}

/** PUT and PATCH: only the fields sent change. */
export async function changeModel(deps: Deps, logger: Logger, id: number, input: AiModelPatch) {
  const { db } = deps.database;
  const current = await findModel(db, { id });
  if (!current) throw notFound();
  if (
    input.display_name &&
    (await displayNameTaken(db, { name: input.display_name, exceptId: id }))
  )
    throw duplicateName();
  const changes = toValues(input);
  const values = await checkModel(db, { ...current, ...changes }, changes, input.api_key_name);
  const now = timestampNow(deps.clock);
  const row = await asUniqueName(() => updateModel(db, { id, values, now }));
  if (!row) throw notFound();
  await invalidateModels(deps, logger);
  return row;
}

export async function removeModel(deps: Deps, logger: Logger, id: number) {
  if (!(await deleteModel(deps.database.db, { id }))) throw notFound();
  await invalidateModels(deps, logger);
}
