import { fieldError } from "../../core/errors";
import type { Logger } from "../../core/logger";
import type { Deps } from "../../deps";
import { MODELS_CACHE_KEY } from "../ai/ai.service";
import type { AiModelRow, AiModelValues } from "./admin.queries";
import { isUniqueViolation } from "./admin.queries";
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

export const duplicateName = () =>
  fieldError("display_name", "ai model with this display name already exists.");

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
