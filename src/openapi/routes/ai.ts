import {
  aiModelInputSchema,
  aiModelListSchema,
  aiModelPatchSchema,
  aiModelSchema,
} from "../../features/admin/admin.schemas";
import {
  generateEventsSchemas,
  generateRequestSchema,
  generateResponseSchema,
  modelListSchema,
  usageResponseSchema,
} from "../../features/ai/ai.schemas";
import { defineRoute } from "../spec";

const cacheHeader = {
  "X-Cache-Status": {
    description: "HIT or MISS",
    required: true,
    schema: { enum: ["HIT", "MISS"] },
  },
} as const;
const stream = [
  "event: chunk",
  'data: {"text":"# Jane Doe\\n\\n"}',
  "",
  "event: chunk",
  'data: {"text":"## Experience\\n"}',
  "",
  "event: done",
  'data: {"resume_id":42}',
  "",
].join("\n");
const model = {
  id: 2,
  display_name: "Deepseek",
  model_name: "deepseek/deepseek-r1",
  api_provider: "open_router",
  api_key_name: "OPENROUTER_API_KEY",
  is_active: true,
  login_required: false,
  daily_limit: 0,
  response_time_info: "10-20 seconds",
  description: "Reasoning model.",
};
const { id: _id, ...modelBody } = model;
const one = { description: "The model row.", schema: aiModelSchema, example: model } as const;

export const aiRoutes = [
  defineRoute({
    operationId: "listAiModels",
    method: "get",
    path: "/api/ai/models/",
    tag: "ai",
    summary: "Active models (display names), cached for an hour",
    access: "public",
    responses: {
      200: {
        description: "The cached envelope.",
        schema: modelListSchema,
        headers: cacheHeader,
        example: {
          cache_status: "HIT (Response from Redis cache)",
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
  }),
  defineRoute({
    operationId: "generateResume",
    method: "post",
    path: "/api/ai/generate/",
    tag: "ai",
    summary: "Generate a resume (saved for you); stream it with Accept: text/event-stream",
    description:
      "`model` is a display name (case-insensitive). Models with `login_required` need a token. " +
      "Models with a `daily_limit` answer 429 with `Retry-After` (seconds to UTC midnight) past " +
      "it; anonymous callers are counted by IP.\n\n" +
      "**Streaming**: send `Accept: text/event-stream` to get 200 `text/event-stream`: " +
      '`event: chunk` / `data: {"text": "..."}` as text arrives, then `event: done` / ' +
      '`data: {"resume_id": N}` once saved, or `event: error` / `data: {"error": "..."}` (nothing ' +
      "saved). Validation, auth and limit errors come before the stream as ordinary JSON.",
    access: "public",
    body: generateRequestSchema,
    bodyExample: {
      model: "Deepseek",
      user_input:
        "Jane Doe, backend engineer, 6 years of Python and Go, led the payments team at Acme...",
      title: "Backend resume",
    },
    responses: {
      200: {
        description: "The streamed variant (`Accept: text/event-stream`).",
        alternatives: {
          "text/event-stream": {
            description: "Server-sent events: chunk*, then done or error.",
            example: stream,
            events: generateEventsSchemas,
          },
        },
      },
      201: {
        description: "Generated and saved.",
        schema: generateResponseSchema,
        example: { resume_id: 42, content: "# Jane Doe\n\n## Experience\n..." },
      },
    },
    errors: [503],
  }),
  defineRoute({
    operationId: "aiUsage",
    method: "get",
    path: "/api/ai/usage/",
    tag: "ai",
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
  }),
  defineRoute({
    operationId: "adminListAiModels",
    method: "get",
    path: "/api/admin/ai-models/",
    tag: "admin",
    summary: "All model rows (active or not)",
    access: "staff",
    responses: { 200: { description: "Rows.", schema: aiModelListSchema, example: [model] } },
  }),
  defineRoute({
    operationId: "adminCreateAiModel",
    method: "post",
    path: "/api/admin/ai-models/",
    tag: "admin",
    summary: "Add a model (the public list is refreshed at once)",
    access: "staff",
    body: aiModelInputSchema,
    bodyExample: modelBody,
    responses: { 201: { ...one, description: "Created." } },
  }),
  defineRoute({
    operationId: "adminGetAiModel",
    method: "get",
    path: "/api/admin/ai-models/{id}/",
    tag: "admin",
    summary: "One model row",
    access: "staff",
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "adminReplaceAiModel",
    method: "put",
    path: "/api/admin/ai-models/{id}/",
    tag: "admin",
    summary: "Replace a model row",
    access: "staff",
    body: aiModelInputSchema,
    bodyExample: modelBody,
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "adminUpdateAiModel",
    method: "patch",
    path: "/api/admin/ai-models/{id}/",
    tag: "admin",
    summary: "Change some fields (e.g. disable a model)",
    access: "staff",
    body: aiModelPatchSchema,
    bodyExample: { is_active: false },
    responses: { 200: one },
  }),
  defineRoute({
    operationId: "adminDeleteAiModel",
    method: "delete",
    path: "/api/admin/ai-models/{id}/",
    tag: "admin",
    summary: "Delete a model row",
    access: "staff",
    responses: { 204: { description: "Deleted." } },
  }),
] as const;
