import type { Context } from "hono";
import { requireStaff } from "../../core/auth";
import { notFound } from "../../core/errors";
import { createRouter, parseId } from "../../core/http";
import { timestampNow } from "../../core/timestamps";
import type { AppEnv } from "../../core/types";
import { validate } from "../../core/validate";
import {
  deleteModel,
  displayNameTaken,
  findModel,
  insertModel,
  listModels,
  updateModel,
} from "./admin.queries";
import { type AiModelPatch, aiModelInputSchema, aiModelPatchSchema } from "./admin.schemas";
import {
  asUniqueName,
  displayNameCheck,
  duplicateName,
  invalidateModels,
  toAiModelJson,
  toValues,
} from "./admin.service";

type Ctx = Context<AppEnv, "/:id">;

async function update(c: Ctx, input: AiModelPatch) {
  const { deps } = c.env;
  const id = parseId(c.req.param("id"));
  if (!(await findModel(deps.database.db, id))) throw notFound();
  if (input.display_name && (await displayNameTaken(deps.database.db, input.display_name, id)))
    throw duplicateName();
  const row = await asUniqueName(() =>
    updateModel(deps.database.db, id, toValues(input), timestampNow(deps.clock)),
  );
  if (!row) throw notFound();
  await invalidateModels(deps, c.get("logger"));
  return c.json(toAiModelJson(row));
}

/** Staff-only CRUD of ai_aimodel rows; every write drops the cached public model list. */
export const adminRoutes = createRouter()
  .use(requireStaff)
  .get("/", async (c) => {
    const rows = await listModels(c.env.deps.database.db);
    return c.json(rows.map(toAiModelJson));
  })
  .post(
    "/",
    validate(aiModelInputSchema, "json", { display_name: displayNameCheck }),
    async (c) => {
      const { deps } = c.env;
      const input = c.req.valid("json");
      if (await displayNameTaken(deps.database.db, input.display_name)) throw duplicateName();
      const values = { ...toValues(input), ...required(input) };
      const row = await asUniqueName(() =>
        insertModel(deps.database.db, values, timestampNow(deps.clock)),
      );
      await invalidateModels(deps, c.get("logger"));
      return c.json(toAiModelJson(row), 201);
    },
  )
  .get("/:id", async (c) => {
    const row = await findModel(c.env.deps.database.db, parseId(c.req.param("id")));
    if (!row) throw notFound();
    return c.json(toAiModelJson(row));
  })
  .put("/:id", validate(aiModelInputSchema, "json", { display_name: displayNameCheck }), (c) =>
    update(c, c.req.valid("json")),
  )
  .patch("/:id", validate(aiModelPatchSchema, "json", { display_name: displayNameCheck }), (c) =>
    update(c, c.req.valid("json")),
  )
  .delete("/:id", async (c) => {
    const { deps } = c.env;
    const deleted = await deleteModel(deps.database.db, parseId(c.req.param("id")));
    if (!deleted) throw notFound();
    await invalidateModels(deps, c.get("logger"));
    return c.body(null, 204);
  });

function required(input: {
  display_name: string;
  model_name: string;
  api_provider: string;
  api_key_name: string;
}) {
  return {
    displayName: input.display_name,
    modelName: input.model_name,
    apiProvider: input.api_provider,
    apiKeyName: input.api_key_name,
  };
}
