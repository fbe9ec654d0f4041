import { idParams } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import {
  type AiModelPatch,
  aiModelInputSchema,
  aiModelListSchema,
  aiModelPatchSchema,
  aiModelSchema,
} from "./admin.schemas";
import { toAiModelJson } from "./admin.serializers";
import {
  changeModel,
  createModel,
  displayNameCheck,
  fallbackModelCheck,
  getModel,
  listAllModels,
  removeModel,
} from "./admin.service";

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
  base_url: null,
  fallback_model: "Cypher",
};
const { id: _id, ...modelBody } = model;
const one = { description: "The model row.", schema: aiModelSchema, example: model } as const;
const common = { tag: "admin", access: "staff" } as const;

type ItemContext = RouteContext<
  RouteSpec & { path: "/api/admin/ai-models/{id}/"; params: typeof idParams }
>;

/** PUT and PATCH differ only in which fields the body must carry. */
async function change(c: ItemContext, input: AiModelPatch) {
  const id = c.req.valid("param").id;
  const row = await changeModel(c.env.deps, c.get("logger"), id, input);
  return c.json(toAiModelJson(row));
}

/**
 * Staff-only CRUD of ai_aimodel rows; every write drops the cached public model list.
 * `base_url` is required for `openai_compatible` (and stored null for other providers);
 * `fallback_model` names another model's display name.
 */
export const adminRoutes = [
  route(
    {
      ...common,
      operationId: "adminListAiModels",
      tokenScope: "session",
      method: "get",
      path: "/api/admin/ai-models/",
      summary: "All model rows (active or not)",
      responses: { 200: { description: "Rows.", schema: aiModelListSchema, example: [model] } },
      index: { name: "admin-ai-models" },
    },
    async (c) => c.json((await listAllModels(c.env.deps)).map(toAiModelJson)),
  ),
  route(
    {
      ...common,
      operationId: "adminCreateAiModel",
      tokenScope: "session",
      idempotent: true,
      method: "post",
      path: "/api/admin/ai-models/",
      summary: "Add a model (the public list is refreshed at once)",
      description:
        "`api_provider: openai_compatible` calls any `/v1/chat/completions` server at `base_url` " +
        "(required for it: an absolute http(s) URL without credentials, query or fragment, and " +
        "not a link-local or cloud metadata address; loopback and private addresses are allowed " +
        "for local servers; stored null for other providers). `api_key_name` is required but " +
        "for `openai_compatible`, where it may be omitted, null or blank (stored blank: called " +
        "without an `Authorization` header) and never names a key setting of Gemini or " +
        "OpenRouter (`GEMINI_*`, `GOOGLE_*`, `OPENROUTER_*`, or one their rows name); their " +
        "rows never name one an `openai_compatible` row uses. " +
        "`fallback_model` names another model's display name (any case): it answers when this " +
        "one's circuit is open or its call failed.",
      body: aiModelInputSchema,
      checks: { display_name: displayNameCheck, fallback_model: fallbackModelCheck },
      bodyExample: modelBody,
      responses: { 201: { ...one, description: "Created." } },
    },
    async (c) => {
      const row = await createModel(c.env.deps, c.get("logger"), c.req.valid("json"));
      return c.json(toAiModelJson(row), 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "adminGetAiModel",
      tokenScope: "session",
      method: "get",
      path: "/api/admin/ai-models/{id}/",
      params: idParams,
      summary: "One model row",
      responses: { 200: one },
    },
    async (c) => c.json(toAiModelJson(await getModel(c.env.deps, c.req.valid("param").id))),
  ),
  route(
    {
      ...common,
      operationId: "adminReplaceAiModel",
      tokenScope: "session",
      method: "put",
      path: "/api/admin/ai-models/{id}/",
      params: idParams,
      summary: "Replace a model row",
      body: aiModelInputSchema,
      checks: { display_name: displayNameCheck, fallback_model: fallbackModelCheck },
      bodyExample: modelBody,
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "adminUpdateAiModel",
      tokenScope: "session",
      method: "patch",
      path: "/api/admin/ai-models/{id}/",
      params: idParams,
      summary: "Change some fields (e.g. disable a model)",
      body: aiModelPatchSchema,
      checks: { display_name: displayNameCheck, fallback_model: fallbackModelCheck },
      bodyExample: { is_active: false },
      responses: { 200: one },
    },
    (c) => change(c, c.req.valid("json")),
  ),
  route(
    {
      ...common,
      operationId: "adminDeleteAiModel",
      tokenScope: "session",
      method: "delete",
      path: "/api/admin/ai-models/{id}/",
      params: idParams,
      summary: "Delete a model row",
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await removeModel(c.env.deps, c.get("logger"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  ),
] as const;
