import * as z from "zod";
import { generateEventsSchemas, generationIdSchema } from "./ai.schemas";

/** `{id}` of /api/ai/generations/{id}/: a generation's id (anything else is DRF's 404). */
export const generationParams = z.object({ id: generationIdSchema });

/** GET /api/ai/generations/{id}/: what a generation is doing or did. */
export const generationSchema = z.object({
  id: generationIdSchema,
  status: z.enum(["running", "done", "failed", "cancelled"]),
  /** The display name of the model serving it (a fallback's once it took over). */
  model: z.string(),
  kind: z.enum(["generate", "tailor", "cover_letter", "intake"]),
  resume_id: z.number().int().nullable(),
  cover_letter_id: z.number().int().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

/**
 * The replayed stream: the generating endpoint's events (chunk*, then done or error), each with
 * its `id:`; `done` carries `resume_id` (generate, tailor), `id` (cover letter) or neither
 * (intake), with `model` and `generation_id`.
 */
export const replayEventsSchemas = {
  ...generateEventsSchemas,
  done: z.looseObject({ model: z.string(), generation_id: generationIdSchema }),
} as const;
