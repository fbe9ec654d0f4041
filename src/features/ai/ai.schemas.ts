import * as z from "zod";
import { cacheStatusSchema } from "../../core/cache";
import { AI_UNAVAILABLE_MESSAGE } from "../../core/errors";
import { charField } from "../../core/fields";
import type { aiModel } from "../../db/schema";
import { defineShape } from "../../db/shape";
import { CANCELLED_MESSAGE, GENERATION_ID } from "./ai.events";

export const DEFAULT_RESUME_TITLE = "Untitled Resume";

/**
 * A generation's id (128 random bits, hex): in every JSON answer and `done` event, and before
 * `:<n>` in every SSE event's `id:` line; `GET /api/ai/generations/{id}/` reads it.
 */
export const generationIdSchema = z.string().regex(GENERATION_ID);
export const GENERATION_ID_EXAMPLE = "5f0c3a9e2b7d41e8a6c1f09d3b2e7a64";

/**
 * POST /api/ai/generate/ body. `model` is a display name, matched case-insensitively among active
 * models after this schema passed (an unknown one: `{"model": ["This model is not valid or is
 * currently disabled."]}`).
 */
export const generateRequestSchema = z.object({
  model: charField({ max: 100 }),
  user_input: charField({ min: 50 }),
  title: charField({ max: 255 }).optional(),
});
export type GenerateInput = z.output<typeof generateRequestSchema>;

/** 201 of the plain (JSON) variant: the generated resume, already saved for the caller. */
export const generateResponseSchema = z.object({
  resume_id: z.number().int(),
  content: z.string(),
  generation_id: generationIdSchema,
});

/**
 * The streaming variant (request header `Accept: text/event-stream`): 200 `text/event-stream`
 * with `event: chunk` (`data` = chunkEvent) as text arrives, then `event: done` (doneEvent) once
 * the whole text is saved, or `event: error` (errorEvent, the fixed 503 message) and nothing
 * saved. Validation, auth and daily-limit errors come before the stream as ordinary JSON.
 */
export const chunkEventSchema = z.object({ text: z.string() });
/** `model`: the display name of the model that served the text (a fallback's when it took over). */
export const doneEventSchema = z.object({
  resume_id: z.number().int(),
  model: z.string(),
  generation_id: generationIdSchema,
});
/** The fixed 503 text, or the cancel's (`DELETE /api/ai/generations/{id}/`). */
export const errorEventSchema = z.object({
  error: z.union([z.literal(AI_UNAVAILABLE_MESSAGE), z.literal(CANCELLED_MESSAGE)]),
});
export const generateEventsSchemas = {
  chunk: chunkEventSchema,
  done: doneEventSchema,
  error: errorEventSchema,
} as const;

/** One public model; `model_name` carries the display name, as the existing service names it. */
export const publicModelShape = defineShape<typeof aiModel.$inferSelect>()({
  model_name: { column: "displayName", schema: z.string() },
  login_required: { column: "loginRequired", schema: z.boolean() },
  response_time_info: { column: "responseTimeInfo", schema: z.string() },
  description: { column: "description", schema: z.string() },
});
export const publicModelSchema = publicModelShape.schema;
export type PublicModel = z.output<typeof publicModelSchema>;

/** GET /api/ai/models/: the cached envelope, `X-Cache-Status: HIT|MISS` beside it. */
export const modelListSchema = z.object({
  cache_status: cacheStatusSchema,
  data: z.array(publicModelSchema),
});

/** GET /api/ai/usage/: the caller's use today (UTC) per active model; `remaining` null = no limit. */
export const usageResponseSchema = z.object({
  date: z.string(),
  resets_at: z.string(),
  models: z.array(
    z.object({
      model_name: z.string(),
      daily_limit: z.number().int(),
      used: z.number().int(),
      remaining: z.number().int().nullable(),
    }),
  ),
});
export type UsageResponse = z.output<typeof usageResponseSchema>;
