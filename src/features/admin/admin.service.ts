import { fieldError } from "../../core/errors";
import type { Logger } from "../../core/logger";
import type { FieldCheck } from "../../core/validate";
import type { Deps } from "../../deps";
import { MODELS_CACHE_KEY } from "../ai/ai.service";
import type { AiModelRow, AiModelValues } from "./admin.queries";
import { displayNameTaken, isUniqueViolation } from "./admin.queries";
import type { AiModelJson, AiModelPatch } from "./admin.schemas";

export const toAiModelJson = (r: AiModelRow): AiModelJson => ({
  id: r.id,
  display_name: r.displayName,
  model_name: r.modelName,
  api_provider: r.apiProvider as AiModelJson["api_provider"],
  api_key_name: r.apiKeyName,
  is_active: r.isActive,
  login_required: r.loginRequired,
  daily_limit: r.dailyLimit,
  response_time_info: r.responseTimeInfo,
  description: r.description,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

/** Request fields → column values; only the fields sent (PATCH) are set. */
export function toValues(input: AiModelPatch): Partial<AiModelValues> {
  const map: Partial<AiModelValues> = {
    displayName: input.display_name,
    modelName: input.model_name,
    apiProvider: input.api_provider,
    apiKeyName: input.api_key_name,
    isActive: input.is_active,
    loginRequired: input.login_required,
    dailyLimit: input.daily_limit,
    responseTimeInfo: input.response_time_info,
    description: input.description,
  };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined));
}

const DUPLICATE_NAME = "ai model with this display name already exists.";
export const duplicateName = () => fieldError("display_name", DUPLICATE_NAME);

/** DRF's UniqueValidator on `display_name` (the row being changed excepted), beside other errors. */
export const displayNameCheck: FieldCheck = async (c, name) => {
  const id = c.req.param("id");
  const except = id === undefined ? undefined : Number(id);
  if (typeof name !== "string" || (except !== undefined && !Number.isSafeInteger(except)))
    return null;
  return (await displayNameTaken(c.env.deps.database.db, name, except)) ? DUPLICATE_NAME : null;
};

/** A concurrent insert of the same name loses at the unique index: the same 400 as the pre-check. */
export async function asUniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName();
    throw err;
  }
}

/** Public model list changes show at once: the cached copy goes as soon as the write commits. */
export async function invalidateModels(deps: Deps, logger: Logger): Promise<void> {
  try {
    await deps.kv.del(MODELS_CACHE_KEY);
  } catch (err) {
    logger.error("models cache invalidation failed", { error: (err as Error).name });
  }
}
