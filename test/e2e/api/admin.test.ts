import { describe, expect, it } from "vitest";
import { apiSuite, login, signUp, untilHit } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

const get = apiSuite;

describe("admin ai-models", () => {
  it("staff: list, create, patch, delete; the public list follows at once", async () => {
    const { target, staff } = get();
    const { access } = await login(target, staff.username, staff.password);
    const list = await call(target, "GET", "/api/admin/ai-models/", { token: access });
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          display_name: "Gemini",
          api_key_name: "GEMINI_API_KEY",
          api_provider: "google_gemini",
        }),
      ]),
    );
    await untilHit(target, "/api/ai/models/");
    const name = `E2E ${crypto.randomUUID().slice(0, 8)}`;
    const created = await call(target, "POST", "/api/admin/ai-models/", {
      token: access,
      json: {
        display_name: name,
        model_name: "vendor/e2e",
        api_provider: "open_router",
        api_key_name: "OPENROUTER_API_KEY",
      },
    });
    expect(created.status).toBe(201);
    const row = created.body as { id: number };
    expect(row).toEqual({
      id: expect.any(Number),
      display_name: name,
      model_name: "vendor/e2e",
      api_provider: "open_router",
      api_key_name: "OPENROUTER_API_KEY",
      is_active: true,
      login_required: false,
      daily_limit: 0,
      response_time_info: "",
      description: "",
      base_url: null,
      fallback_model: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/),
      updated_at: expect.any(String),
    });
    const names = async () => {
      const res = await call(target, "GET", "/api/ai/models/");
      return {
        cache: res.headers.get("x-cache-status"),
        names: (res.body as { data: { model_name: string }[] }).data.map((m) => m.model_name),
      };
    };
    const afterCreate = await names();
    expect(afterCreate.cache).toBe("MISS");
    expect(afterCreate.names).toContain(name);

    const path = `/api/admin/ai-models/${row.id}/`;
    const got = await call(target, "GET", path, { token: access });
    expect(got.body).toEqual(created.body);
    await untilHit(target, "/api/ai/models/");
    const patched = await call(target, "PATCH", path, {
      token: access,
      json: { is_active: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...row, is_active: false, updated_at: expect.any(String) });
    expect((await names()).names).not.toContain(name);

    const del = await call(target, "DELETE", path, { token: access });
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const gone = await call(target, "GET", path, { token: access });
    expect(gone.status).toBe(404);
  });

  it("a normal user gets 403, anonymous 401", async () => {
    const { target } = get();
    const me = await signUp(target);
    const denied = { detail: "You do not have permission to perform this action." };
    const list = await call(target, "GET", "/api/admin/ai-models/", { token: me.access });
    expect(list.status).toBe(403);
    expect(list.body).toEqual(denied);
    const create = await call(target, "POST", "/api/admin/ai-models", {
      token: me.access,
      json: {
        display_name: "Nope",
        model_name: "x/y",
        api_provider: "open_router",
        api_key_name: "OPENROUTER_API_KEY",
      },
    });
    expect(create.status).toBe(403);
    expect(create.body).toEqual(denied);
    const anon = await call(target, "GET", "/api/admin/ai-models/");
    expect(anon.status).toBe(401);
  });
});
