import type { AppEnv } from "../../app-env";
import { fieldError, notFound } from "../../core/errors";
import type { Logger } from "../../core/logger";
import { timestampNow } from "../../core/timestamps";
import type { FieldCheck } from "../../core/validate";
import { isUniqueViolation } from "../../db/errors";
import type { Deps } from "../../deps";
import { MODELS_CACHE_KEY } from "../ai/ai.service";
import {
  type AiModelValues,
  deleteModel,
  displayNameTaken,
  findModel,
  insertModel,
  listModels,
  updateModel,
} from "./admin.queries";
import type { AiModelInput, AiModelPatch } from "./admin.schemas";

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
export const displayNameCheck: FieldCheck<AppEnv> = async (c, name) => {
  const id = c.req.param("id");
  const except = id === undefined ? undefined : Number(id);
  if (typeof name !== "string" || (except !== undefined && !Number.isSafeInteger(except)))
    return null;
  return (await displayNameTaken(c.env.deps.database.db, { name, exceptId: except }))
    ? DUPLICATE_NAME
    : null;
};

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
  const values = {
    ...toValues(input),
    displayName: input.display_name,
    modelName: input.model_name,
    apiProvider: input.api_provider,
    apiKeyName: input.api_key_name,
  };
  const now = timestampNow(deps.clock);
  const row = await asUniqueName(() => insertModel(db, { values, now }));
  await invalidateModels(deps, logger);
  return row;
}

/** PUT and PATCH: only the fields sent change. */
export async function changeModel(deps: Deps, logger: Logger, id: number, input: AiModelPatch) {
  const { db } = deps.database;
  if (!(await findModel(db, { id }))) throw notFound();
  if (
    input.display_name &&
    (await displayNameTaken(db, { name: input.display_name, exceptId: id }))
  )
    throw duplicateName();
  const now = timestampNow(deps.clock);
  const row = await asUniqueName(() => updateModel(db, { id, values: toValues(input), now }));
  if (!row) throw notFound();
  await invalidateModels(deps, logger);
  return row;
}

export async function removeModel(deps: Deps, logger: Logger, id: number) {
  if (!(await deleteModel(deps.database.db, { id }))) throw notFound();
  await invalidateModels(deps, logger);
}
