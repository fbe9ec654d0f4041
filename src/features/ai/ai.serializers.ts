import type { AiModelRow } from "./ai.queries";
import type { PublicModel, UsageResponse } from "./ai.schemas";

export const toPublicModel = (m: AiModelRow): PublicModel => ({
  model_name: m.displayName,
  login_required: m.loginRequired,
  response_time_info: m.responseTimeInfo,
  description: m.description,
});

/** One day's use; `remaining` is null for models without a daily limit. */
export function toUsage(
  day: string,
  resetsAt: Date,
  rows: readonly { displayName: string; dailyLimit: number; used: number }[],
): UsageResponse {
  return {
    date: day,
    resets_at: resetsAt.toISOString(),
    models: rows.map((r) => ({
      model_name: r.displayName,
      daily_limit: r.dailyLimit,
      used: r.used,
      remaining: r.dailyLimit > 0 ? Math.max(0, r.dailyLimit - r.used) : null,
    })),
  };
}
