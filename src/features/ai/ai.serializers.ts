import type { AiModelRow } from "./ai.queries";
import { type PublicModel, publicModelShape, type UsageResponse } from "./ai.schemas";

export const toPublicModel = (m: AiModelRow): PublicModel => publicModelShape.serialize(m);

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
