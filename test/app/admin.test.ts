import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "../helpers/api";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let staff: TestUser;
let regular: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  staff = await createUserWithToken(t, { isStaff: true });
  regular = await createUserWithToken(t);
});
afterAll(() => t.close());

const BASE = "/api/admin/ai-models/";

function modelBody(overrides: Record<string, unknown> = {}) {
  return {
    display_name: uniqueName("Admin Model"),
    model_name: "vendor/some-model",
    api_provider: "open_router",
    api_key_name: "OPENROUTER_API_KEY",
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  const res = await t.request(BASE, {
    method: "POST",
    token: staff.token,
    json: modelBody(overrides),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, unknown> & { id: number; display_name: string };
}

async function publicNames(): Promise<{ names: string[]; cache: string | null }> {
  const res = await t.request("/api/ai/models/");
  const body = (await res.json()) as { data: { model_name: string }[] };
  return { names: body.data.map((m) => m.model_name), cache: res.headers.get("X-Cache-Status") };
}

describe("admin ai-models: success", () => {
  it("sets created_at on create and updated_at on every change, as Django's auto_now", async () => {
    const created = await create();
    t.clock.advance(1500);
    const res = await t.request(`${BASE}${created.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: {},
    });
    const changed = (await res.json()) as { created_at: string; updated_at: string };
    expect(changed.created_at).toBe(created.created_at);
    expect(Date.parse(changed.updated_at) - Date.parse(String(created.updated_at))).toBe(1500);
  });

  it("creates with defaults, reads, lists, updates (PUT, PATCH) and deletes", async () => {
    const created = await create({ description: "A test model" });
    expect(created).toEqual({
      id: expect.any(Number),
      display_name: created.display_name,
      model_name: "vendor/some-model",
      api_provider: "open_router",
      api_key_name: "OPENROUTER_API_KEY",
      is_active: true,
      login_required: false,
      daily_limit: 0,
      response_time_info: "",
      description: "A test model",
      base_url: null,
      fallback_model: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/),
      updated_at: created.created_at,
    });
    const url = `${BASE}${created.id}/`;
    const got = await t.request(url, { token: staff.token });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(created);

    const list = await t.request(BASE, { token: staff.token });
    expect(list.status).toBe(200);
    const rows = (await list.json()) as { id: number; api_key_name: string }[];
    expect(rows.find((r) => r.id === created.id)).toEqual(created);
    expect(rows.some((r) => r.api_key_name === "GEMINI_API_KEY")).toBe(true);

    const patched = await t.request(url, {
      method: "PATCH",
      token: staff.token,
      json: { daily_limit: 7, login_required: true, id: 999_999 },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ ...created, daily_limit: 7, login_required: true });

    const put = await t.request(url, {
      method: "PUT",
      token: staff.token,
      json: modelBody({ display_name: created.display_name, api_provider: "google_gemini" }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      api_provider: "google_gemini",
      daily_limit: 0,
      description: "",
    });

    const del = await t.request(url, { method: "DELETE", token: staff.token });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    const gone = await t.request(url, { token: staff.token });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ detail: "Not found." });
  });

  it("every change drops the cached public list at once", async () => {
    await publicNames();
    expect((await publicNames()).cache).toBe("HIT");
    const m = await create();
    const afterCreate = await publicNames();
    expect(afterCreate.cache).toBe("MISS");
    expect(afterCreate.names).toContain(m.display_name);

    expect((await publicNames()).cache).toBe("HIT");
    const renamed = uniqueName("Renamed");
    await t.request(`${BASE}${m.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { display_name: renamed },
    });
    const afterPatch = await publicNames();
    expect(afterPatch).toMatchObject({ cache: "MISS" });
    expect(afterPatch.names).toContain(renamed);

    await t.request(`${BASE}${m.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { is_active: false },
    });
    expect((await publicNames()).names).not.toContain(renamed);

    await t.request(`${BASE}${m.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { is_active: true },
    });
    expect((await publicNames()).names).toContain(renamed);
    await t.request(`${BASE}${m.id}/`, { method: "DELETE", token: staff.token });
    const afterDelete = await publicNames();
    expect(afterDelete.cache).toBe("MISS");
    expect(afterDelete.names).not.toContain(renamed);
  });
});

describe("admin ai-models: validation", () => {
  it("display_name is unique case-insensitively, on create and on update", async () => {
    const a = await create();
    const dup = await t.request(BASE, {
      method: "POST",
      token: staff.token,
      json: modelBody({ display_name: a.display_name.toUpperCase() }),
    });
    expect(dup.status).toBe(400);
    expect(await dup.json()).toEqual({
      display_name: ["ai model with this display name already exists."],
    });
    const b = await create();
    const clash = await t.request(`${BASE}${b.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { display_name: a.display_name.toLowerCase() },
    });
    expect(clash.status).toBe(400);
    expect(await clash.json()).toEqual({
      display_name: ["ai model with this display name already exists."],
    });
    const same = await t.request(`${BASE}${a.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { display_name: a.display_name.toUpperCase() },
    });
    expect(same.status).toBe(200); // its own name in another case is fine
  });

  it("checks required fields, the provider choice, the limit and the key setting name", async () => {
    const empty = await t.request(BASE, { method: "POST", token: staff.token, json: {} });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({
      display_name: ["This field is required."],
      model_name: ["This field is required."],
      api_provider: ["This field is required."],
      api_key_name: ["This field is required."],
    });
    const bad = await t.request(BASE, {
      method: "POST",
      token: staff.token,
      json: modelBody({ api_provider: "openai", daily_limit: -1, api_key_name: "SECRET_KEY" }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      api_provider: ['"openai" is not a valid choice.'],
      daily_limit: ["Ensure this value is greater than or equal to 0."],
      api_key_name: ["This setting cannot hold an AI key."],
    });
    const odd = await t.request(BASE, {
      method: "POST",
      token: staff.token,
      json: modelBody({ api_key_name: "not a name", daily_limit: "x" }),
    });
    expect(await odd.json()).toEqual({
      api_key_name: ["Enter the name of a setting (letters, digits and underscores)."],
      daily_limit: ["A valid integer is required."],
    });
  });

  it("takes only key-setting names for api_key_name, never the app's own settings", async () => {
    const KEY_NAME = [
      "Enter the name of an API key setting: capitals, digits and underscores, ending in _API_KEY or _API_KEYS.",
    ];
    for (const name of [
      "HOME",
      "PATH",
      "AWS_SECRET_ACCESS_KEY",
      "openrouter_api_key",
      "_API_KEY",
    ]) {
      const res = await t.request(BASE, {
        method: "POST",
        token: staff.token,
        json: modelBody({ api_key_name: name }),
      });
      expect(res.status, name).toBe(400);
      expect(await res.json()).toEqual({ api_key_name: KEY_NAME });
    }
    const m = await create({ api_key_name: "MISTRAL_API_KEYS" });
    expect(m.api_key_name).toBe("MISTRAL_API_KEYS");
    for (const name of ["DATABASE_URL", "UPSTASH_REDIS_REST_TOKEN", "HOME"]) {
      const res = await t.request(`${BASE}${m.id}/`, {
        method: "PATCH",
        token: staff.token,
        json: { api_key_name: name },
      });
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as { api_key_name: string[] };
      expect(body.api_key_name).toHaveLength(1);
    }
    const row = await t.request(`${BASE}${m.id}/`, { token: staff.token });
    expect(((await row.json()) as { api_key_name: string }).api_key_name).toBe("MISTRAL_API_KEYS");
  });

  it("bounds daily_limit to PostgreSQL's integer (0 to 2147483647)", async () => {
    const m = await create({ daily_limit: 2147483647 });
    expect(m.daily_limit).toBe(2147483647);
    for (const daily_limit of [2147483648, "9007199254740991", 1e15]) {
      const res = await t.request(`${BASE}${m.id}/`, {
        method: "PATCH",
        token: staff.token,
        json: { daily_limit },
      });
      expect(res.status, String(daily_limit)).toBe(400);
      expect(await res.json()).toEqual({
        daily_limit: ["Ensure this value is less than or equal to 2147483647."],
      });
    }
    const post = await t.request(BASE, {
      method: "POST",
      token: staff.token,
      json: modelBody({ daily_limit: 2 ** 31 }),
    });
    expect(post.status).toBe(400);
    expect(await post.json()).toEqual({
      daily_limit: ["Ensure this value is less than or equal to 2147483647."],
    });
  });

  it("description is at most 5,000 characters (the public model list shows every one)", async () => {
    const res = await t.request(BASE, {
      method: "POST",
      token: staff.token,
      json: modelBody({ description: "d".repeat(5_001) }),
    });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 400,
      body: { description: ["Ensure this field has no more than 5000 characters."] },
    });
    const ok = await create({ description: "d".repeat(5_000) });
    const patch = await t.request(`${BASE}${ok.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { description: "d".repeat(5_001) },
    });
    expect(patch.status).toBe(400);
  });

  it("odd ids are 404", async () => {
    for (const id of ["abc", "0", "99999999"]) {
      const res = await t.request(`${BASE}${id}/`, { token: staff.token });
      expect(res.status).toBe(404);
    }
  });
});

describe("admin ai-models: base_url and fallback_model", () => {
  const local = { api_provider: "openai_compatible", api_key_name: "OLLAMA_API_KEY" };
  const post = (overrides: Record<string, unknown>) =>
    t.request(BASE, { method: "POST", token: staff.token, json: modelBody(overrides) });
  const patch = (id: number, json: Record<string, unknown>) =>
    t.request(`${BASE}${id}/`, { method: "PATCH", token: staff.token, json });

  it("openai_compatible with a base URL; a fallback named in any case", async () => {
    const other = await create();
    const res = await post({
      ...local,
      base_url: "http://localhost:11434/v1",
      fallback_model: other.display_name.toUpperCase(),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      api_provider: "openai_compatible",
      base_url: "http://localhost:11434/v1",
      fallback_model: other.display_name.toUpperCase(),
    });
  });

  it("base_url is required for openai_compatible (POST, PUT and PATCH)", async () => {
    const res = await post(local);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ base_url: ["This field is required."] });
    const m = await create();
    // An OpenRouter key setting stays with OpenRouter: the switch names a setting of its own.
    const patched = await patch(m.id, {
      api_provider: "openai_compatible",
      api_key_name: "OLLAMA_API_KEY",
    });
    expect(patched.status).toBe(400);
    expect(await patched.json()).toEqual({ base_url: ["This field is required."] });
    const put = await t.request(`${BASE}${m.id}/`, {
      method: "PUT",
      token: staff.token,
      json: modelBody({ ...local, display_name: m.display_name, base_url: "" }),
    });
    expect(put.status).toBe(400);
    expect(await put.json()).toEqual({ base_url: ["This field is required."] });
    expect(
      (await t.request(`${BASE}${m.id}/`, { token: staff.token }).then((r) => r.json())) as unknown,
    ).toMatchObject({ api_provider: "open_router", base_url: null });
  });

  it.each([
    ["ftp://example.com/v1"],
    ["localhost:11434/v1"],
    ["/v1"],
    ["http://"],
    ["http://user:secret@example.com/v1"],
    ["http://example.com/v1?key=abc"],
    ["http://example.com/v1#frag"],
    ["http://exa mple.com/v1"],
  ])("refuses %s: Enter a valid URL.", async (url) => {
    const res = await post({ ...local, base_url: url });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ base_url: ["Enter a valid URL."] });
  });

  it("base_url is at most 500 characters", async () => {
    const res = await post({ ...local, base_url: `https://example.com/${"a".repeat(481)}` });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      base_url: ["Ensure this field has no more than 500 characters."],
    });
  });

  it("other providers keep no base_url: a URL sent is dropped, a switch away clears it", async () => {
    const res = await post({ base_url: "https://example.com/v1" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ api_provider: "open_router", base_url: null });
    const m = (await (await post({ ...local, base_url: "https://example.com/v1" })).json()) as {
      id: number;
    };
    const switched = await patch(m.id, {
      api_provider: "google_gemini",
      api_key_name: "GEMINI_API_KEY",
    });
    expect(switched.status).toBe(200);
    expect(await switched.json()).toMatchObject({ api_provider: "google_gemini", base_url: null });
  });

  it("fallback_model must name another existing model", async () => {
    const missing = uniqueName("Nobody");
    const res = await post({ fallback_model: missing });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      fallback_model: [`Object with display_name=${missing} does not exist.`],
    });
    const name = uniqueName("Selfish");
    const self = await post({ display_name: name, fallback_model: name.toLowerCase() });
    expect(self.status).toBe(400);
    expect(await self.json()).toEqual({ fallback_model: ["A model cannot fall back to itself."] });
    const m = await create();
    const selfPatch = await patch(m.id, { fallback_model: m.display_name });
    expect(selfPatch.status).toBe(400);
    expect(await selfPatch.json()).toEqual({
      fallback_model: ["A model cannot fall back to itself."],
    });
    const cleared = await patch(m.id, { fallback_model: "" });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({ fallback_model: null });
  });

  it("reports a missing fallback beside the other fields' errors", async () => {
    const missing = uniqueName("Nobody");
    const res = await post({ daily_limit: -1, fallback_model: missing });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      daily_limit: ["Ensure this value is greater than or equal to 0."],
      fallback_model: [`Object with display_name=${missing} does not exist.`],
    });
  });

  it("changes nothing on a refused write, and the public list never shows base_url", async () => {
    const m = await create();
    const refused = await patch(m.id, { api_provider: "openai_compatible", daily_limit: 3 });
    expect(refused.status).toBe(400);
    const after = await t.request(`${BASE}${m.id}/`, { token: staff.token });
    expect(await after.json()).toMatchObject({ api_provider: "open_router", daily_limit: 0 });
    const ok = await patch(m.id, {
      api_provider: "openai_compatible",
      api_key_name: "LOCAL_VLLM_API_KEY",
      base_url: "http://10.0.0.5:8000/v1",
    });
    expect(ok.status).toBe(200);
    const text = await (await t.request("/api/ai/models/")).text();
    expect(text).toContain(m.display_name);
    expect(text).not.toContain("10.0.0.5");
    expect(text).not.toContain("base_url");
  });
});

describe("admin ai-models: security", () => {
  it("anonymous: 401; signed in but not staff: 403, on every method; nothing changes", async () => {
    const m = await create();
    const cases: [string, string][] = [
      ["GET", BASE],
      ["POST", BASE],
      ["GET", `${BASE}${m.id}/`],
      ["PATCH", `${BASE}${m.id}/`],
      ["PUT", `${BASE}${m.id}/`],
      ["DELETE", `${BASE}${m.id}/`],
    ];
    for (const [method, path] of cases) {
      const json = method === "GET" || method === "DELETE" ? undefined : modelBody();
      const anon = await t.request(path, { method, json });
      expect(anon.status).toBe(401);
      expect(await anon.json()).toEqual({
        detail: "Authentication credentials were not provided.",
      });
      const user = await t.request(path, { method, json, token: regular.token });
      expect(user.status).toBe(403);
      expect(await user.json()).toEqual({
        detail: "You do not have permission to perform this action.",
      });
    }
    const still = await t.request(`${BASE}${m.id}/`, { token: staff.token });
    expect(await still.json()).toEqual(m);
  });
});

describe("admin ai-models: keys stay with their provider (issue 21, finding 6)", () => {
  const post = (overrides: Record<string, unknown>) =>
    t.request(BASE, { method: "POST", token: staff.token, json: modelBody(overrides) });
  const local = (overrides: Record<string, unknown> = {}) => ({
    api_provider: "openai_compatible",
    base_url: "http://localhost:11434/v1",
    ...overrides,
  });
  const OTHER_PROVIDERS =
    "This setting holds the key of a google_gemini or open_router model: an openai_compatible model needs a setting of its own.";
  const COMPATIBLE_KEY =
    "This setting holds the key of an openai_compatible model: a google_gemini or open_router model needs a setting of its own.";

  it.each([
    "GEMINI_API_KEY",
    "GEMINI_API_KEYS",
    "GOOGLE_API_KEY",
    "OPENROUTER_API_KEY",
    "OPENROUTER_POOL_API_KEYS",
  ])("openai_compatible may not name %s (a Gemini or OpenRouter key setting)", async (name) => {
    expect(await answer(await post(local({ api_key_name: name })))).toEqual({
      status: 400,
      body: { api_key_name: [OTHER_PROVIDERS] },
    });
  });

  it("nor a setting a Gemini or OpenRouter model row names; and the reverse; PATCH too", async () => {
    const gemini = await create({ api_provider: "google_gemini", api_key_name: "ACME_API_KEY" });
    expect(await answer(await post(local({ api_key_name: "ACME_API_KEY" })))).toEqual({
      status: 400,
      body: { api_key_name: [OTHER_PROVIDERS] },
    });
    const mine = await create(local({ api_key_name: "LOCAL_LLM_API_KEY" }));
    expect(await answer(await post({ api_key_name: "LOCAL_LLM_API_KEY" }))).toEqual({
      status: 400,
      body: { api_key_name: [COMPATIBLE_KEY] },
    });
    const patched = await t.request(`${BASE}${mine.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { api_key_name: "ACME_API_KEY" },
    });
    expect(await answer(patched)).toEqual({
      status: 400,
      body: { api_key_name: [OTHER_PROVIDERS] },
    });
    const switched = await t.request(`${BASE}${gemini.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { api_provider: "openai_compatible", base_url: "http://localhost:1/v1" },
    });
    // Its own key setting is the only row naming it: no other provider holds it.
    expect(switched.status).toBe(200);
  });

  it.each([
    ["omitted", {}],
    ["null", { api_key_name: null }],
    ["blank", { api_key_name: "  " }],
  ])("openai_compatible without a key (%s): 201, api_key_name stored blank", async (_, key) => {
    const body = { ...modelBody(local()), ...key };
    if (!("api_key_name" in key)) delete (body as Record<string, unknown>).api_key_name;
    const res = await t.request(BASE, { method: "POST", token: staff.token, json: body });
    expect(await answer(res)).toEqual({
      status: 201,
      body: expect.objectContaining({ api_provider: "openai_compatible", api_key_name: "" }),
    });
  });

  it("other providers still need one, in DRF's words; a switch away from a keyless row too", async () => {
    const body = modelBody();
    delete (body as Record<string, unknown>).api_key_name;
    const omitted = await t.request(BASE, { method: "POST", token: staff.token, json: body });
    expect(await answer(omitted)).toEqual({
      status: 400,
      body: { api_key_name: ["This field is required."] },
    });
    expect(await answer(await post({ api_key_name: null }))).toEqual({
      status: 400,
      body: { api_key_name: ["This field may not be null."] },
    });
    expect(await answer(await post({ api_key_name: "" }))).toEqual({
      status: 400,
      body: { api_key_name: ["This field may not be blank."] },
    });
    const keyless = await create(local({ api_key_name: null }));
    const away = await t.request(`${BASE}${keyless.id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { api_provider: "open_router" },
    });
    expect(await answer(away)).toEqual({
      status: 400,
      body: { api_key_name: ["This field is required."] },
    });
  });
});

describe("admin ai-models: base_url refuses link-local and metadata addresses (finding 13)", () => {
  const post = (base_url: string) =>
    t.request(BASE, {
      method: "POST",
      token: staff.token,
      json: modelBody({ api_provider: "openai_compatible", api_key_name: "X_API_KEY", base_url }),
    });
  const REFUSED =
    "Link-local and cloud metadata addresses are not allowed (loopback and private addresses are).";

  it.each([
    "http://169.254.169.254/latest",
    "http://169.254.1.1:8080/v1",
    "http://[fe80::1]/v1",
    "http://[febf::1]:11434/v1",
    "http://[::ffff:169.254.169.254]/v1",
    "http://metadata.google.internal/v1",
    "http://METADATA.google.internal./v1",
    "http://metadata/v1",
    "http://0xa9fea9fe/v1",
    "http://2852039166/v1",
    "http://0251.0376.0251.0376/v1",
    "http://169.254.43518/v1",
    "http://[fd00:ec2::254]/v1",
  ])("refuses %s", async (url) => {
    const res = await post(url);
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 400,
      body: { base_url: [REFUSED] },
    });
  });

  it.each([
    "http://localhost:11434/v1",
    "http://127.0.0.1:11434/v1",
    "http://127.1:11434/v1",
    "http://0x7f000001:8000/v1",
    "http://[::1]:8000/v1",
    "http://10.0.0.5:8000/v1",
    "http://192.168.1.20/v1",
    "http://172.16.0.1/v1",
    "https://llm.example.com/v1",
  ])("keeps %s (loopback, private and public servers)", async (url) => {
    const res = await post(url);
    expect(res.status).toBe(201);
  });
});
