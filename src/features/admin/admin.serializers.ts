import type { AiModelRow } from "./admin.queries";
import type { AiModelJson } from "./admin.schemas";

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
