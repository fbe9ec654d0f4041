import { currentUser } from "../../core/auth";
import { CACHE_STATUS, CACHE_STATUS_HEADER, cachedEnvelopeResponse } from "../../core/cache";
import { aiScope } from "../../core/throttle";
import { route } from "../../route";
import { AI_MODEL_HEADER_SPEC, generationStreamResponse } from "./ai.responses";
import {
  GENERATION_ID_EXAMPLE,
  generateEventsSchemas,
  generateRequestSchema,
  generateResponseSchema,
  modelListSchema,
  usageResponseSchema,
} from "./ai.schemas";
import { cachedModels, modelCheck, prepareGeneration, resumeJob, usageToday } from "./ai.service";
import { completeGeneration, requestFacts, streamGeneration, wantsStream } from "./ai.stream";

const stream = [
  "event: chunk",
  'data: {"text":"# Jane Doe\\n\\n"}',
  "",
  "event: chunk",
  'data: {"text":"## Experience\\n"}',
  "",
  "event: done",
  'data: {"resume_id":42,"model":"Deepseek","generation_id":"5f0c3a9e2b7d41e8a6c1f09d3b2e7a64"}',
  "",
].join("\n");
const tag = "ai";

/** Public model list, resume generation (JSON or SSE) and the caller's daily use. */
export const aiRoutes = [
  route(
    {
      operationId: "listAiModels",
      method: "get",
      path: "/api/ai/models/",
      tag,
      summary: "Active models (display names), cached for an hour",
      access: "public",
      responses: {
        200: {
          description: "The cached envelope.",
          schema: modelListSchema,
          headers: CACHE_STATUS_HEADER,
          example: {
            cache_status: CACHE_STATUS.hit,
            data: [
              {
                model_name: "Deepseek",
                login_required: false,
                response_time_info: "10-20 seconds",
                description: "Reasoning model.",
              },
            ],
          },
        },
      },
      index: { name: "ai-models" },
    },
    (c) => cachedEnvelopeResponse(c, cachedModels(c.env.deps, c.get("reader"), c.get("logger"))),
  ),
  route(
    {
      operationId: "generateResume",
      tokenScope: "ai",
      idempotent: true,
      method: "post",
      path: "/api/ai/generate/",
      throttle: [aiScope],
      tag,
      summary: "Generate a resume (saved for you); stream it with Accept: text/event-stream",
      description:
        "`model` is a display name (case-insensitive). Models with `login_required` need a token. " +
        "Models with a `daily_limit` answer 429 with `Retry-After` (seconds to UTC midnight) past " +
        "it; anonymous callers are counted by IP.\n\n" +
        "**Streaming**: send `Accept: text/event-stream` to get 200 `text/event-stream`: " +
        '`event: chunk` / `data: {"text": "..."}` as text arrives, then `event: done` / ' +
        '`data: {"resume_id": N, "model": "...", "generation_id": "..."}` once saved, or ' +
        '`event: error` / `data: {"error": "..."}` (nothing saved). Validation, auth and limit ' +
        "errors come before the stream as ordinary JSON.\n\n" +
        "**Generation id**: the answer (JSON or `done`) carries `generation_id`, and every event " +
        "has `id: <generation_id>:<n>`. A client that disconnects does not stop the generation " +
        "(it is saved once); `GET /api/ai/generations/{id}/stream/` with `Last-Event-ID` gives " +
        "the rest, `DELETE /api/ai/generations/{id}/` cancels it.\n\n" +
        "**Fallback**: when the model's circuit is open or it failed after its retries (before any " +
        "text was streamed), its `fallback_model` answers under its own sign-in rule and daily " +
        "limit (chains are followed, at most 3 models, never one twice). `X-AI-Model` (and `model` " +
        "in `done`) names the model that served the answer.",
      access: "public",
      body: generateRequestSchema,
      checks: { model: modelCheck },
      bodyExample: {
        model: "Deepseek",
        user_input:
          "Jane Doe, backend engineer, 6 years of Python and Go, led the payments team at Acme...",
        title: "Backend resume",
      },
      responses: {
        200: generationStreamResponse(stream, generateEventsSchemas),
        201: {
          description: "Generated and saved.",
          schema: generateResponseSchema,
          headers: AI_MODEL_HEADER_SPEC,
          example: {
            resume_id: 42,
            content: "# Jane Doe\n\n## Experience\n...",
            generation_id: GENERATION_ID_EXAMPLE,
          },
        },
      },
      errors: [503],
      index: { name: "ai-generate" },
    },
    async (c) => {
      const gen = await prepareGeneration(
        c.env.deps,
        requestFacts(c),
        resumeJob(c.req.valid("json")),
      );
      if (wantsStream(c)) return streamGeneration(c, gen);
      const saved = await completeGeneration(c, gen);
      return c.json(
        { resume_id: saved.id, content: saved.text, generation_id: saved.generationId },
        201,
      );
    },
  ),
  route(
    {
      operationId: "aiUsage",
      tokenScope: "ai",
      method: "get",
      path: "/api/ai/usage/",
      tag,
      summary: "Your generations today (UTC) per model and what remains",
      access: "bearer",
      responses: {
        200: {
          description: "Today's use; `remaining` is null for models without a daily limit.",
          schema: usageResponseSchema,
          example: {
            date: "2026-01-15",
            resets_at: "2026-01-16T00:00:00.000Z",
            models: [{ model_name: "Gemini", daily_limit: 5, used: 2, remaining: 3 }],
          },
        },
      },
      index: { name: "ai-usage" },
    },
    async (c) => c.json(await usageToday(c.env.deps, currentUser(c).id)),
  ),
] as const;
