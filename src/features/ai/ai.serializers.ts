import type { SaveTarget } from "../../db/save-target";
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

/** The header naming the model that served an AI answer (its display name). */
export const AI_MODEL_HEADER = "X-AI-Model";

/**
 * A display name as a header value: as it is when printable ASCII, else percent-encoded (UTF-8),
 * since a header carries bytes, not text (a name such as "Modèle" would not fit otherwise).
 */
export const aiModelHeader = (name: string) =>
  /^[\x20-\x7e]*$/.test(name) ? name : encodeURIComponent(name);

/** The saved row's id as the answers name it: `resume_id` for a resume, `id` for a cover letter. */
export const savedId = (kind: SaveTarget["kind"], id: number) =>
  kind === "resume" ? { resume_id: id } : kind === "cover_letter" ? { id } : {};
