import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { createMemoryLogger } from "../../src/core/logger";
import { HeaderBag } from "../../src/core/response-headers";
import { aiModel, aiUsage, authUser, resume } from "../../src/db/schema";
import { GENERATION_ID } from "../../src/features/ai/ai.events";
import { ANONYMOUS_USERNAME } from "../../src/features/seed";
import {
  type AiTestContext,
  createModel,
  generate,
  USER_INPUT,
  useAiTestContext,
} from "../helpers/ai";
import { uniqueName } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";
import { OPENAI_ERROR_TEXT } from "../helpers/fake-openai";
import { DEFAULT_CHUNKS } from "../helpers/fake-provider";

let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});

const UNAVAILABLE = { error: "AI service unavailable. Please try again later." };

async function resumeRow(id: number) {
  const [row] = await t.deps.database.db.select().from(resume).where(eq(resume.id, id));
  return row;
}

describe("POST /api/ai/generate/: success", () => {
  it("signed in: 201 {resume_id, content}, saved for the caller, default title", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { provider: "google_gemini", loginRequired: true });
    const res = await generate(t, model.displayName.toUpperCase(), { token: user.token });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { resume_id: number; content: string };
    expect(body).toEqual({
      resume_id: expect.any(Number),
      content: DEFAULT_CHUNKS.join(""),
      generation_id: expect.stringMatching(GENERATION_ID),
    });
    expect(await resumeRow(body.resume_id)).toMatchObject({
      userId: user.id,
      title: "Untitled Resume",
      content: DEFAULT_CHUNKS.join(""),
    });
    const list = await t.request("/api/resumes/", { token: user.token });
    expect(((await list.json()) as { id: number }[]).map((r) => r.id)).toEqual([body.resume_id]);
    expect(t.gemini.requests).toHaveLength(1);
    expect(t.gemini.requests[0]?.apiKey).toBe("gem-key-1");
  });

  it("anonymous on a public model: saved under the inactive anonymous_user, with the title sent", async () => {
    const model = await createModel(t);
    const res = await generate(t, model.displayName, { title: "Nurse CV" });
    expect(res.status).toBe(201);
    const { resume_id } = (await res.json()) as { resume_id: number };
    const row = await resumeRow(resume_id);
    const [owner] = await t.deps.database.db
      .select()
      .from(authUser)
      .where(eq(authUser.id, row?.userId ?? -1));
    expect(owner).toMatchObject({ username: ANONYMOUS_USERNAME, isActive: false });
    expect(row?.title).toBe("Nurse CV");
  });

  it("writes a ledger row with attempts, latency and tokens", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(201);
    const rows = await t.deps.database.db
      .select()
      .from(aiUsage)
      .where(eq(aiUsage.modelId, model.id));
    expect(rows).toEqual([
      expect.objectContaining({
        userId: user.id,
        clientIp: null,
        outcome: "success",
        attempts: 1,
        promptTokens: 120,
        completionTokens: 80,
      }),
    ]);
  });
});

describe("POST /api/ai/generate/: validation and auth", () => {
  it("unknown, inactive or missing model: 400 with the service's message; no provider call", async () => {
    const inactive = await createModel(t, { isActive: false });
    for (const name of ["NoSuchModel", inactive.displayName]) {
      const res = await generate(t, name);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        model: ["This model is not valid or is currently disabled."],
      });
    }
    const res = await t.request("/api/ai/generate/", {
      method: "POST",
      json: { user_input: USER_INPUT },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ model: ["This field is required."] });
    expect(t.openai.requests).toHaveLength(0);
  });

  it("user_input under 50 characters: 400", async () => {
    const model = await createModel(t);
    const res = await generate(t, model.displayName, { input: "x".repeat(49) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      user_input: ["Ensure this field has at least 50 characters."],
    });
  });

  it("login-required model and an anonymous caller: 401, no provider call, nothing saved", async () => {
    const model = await createModel(t, { provider: "google_gemini", loginRequired: true });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
    expect(t.gemini.requests).toHaveLength(0);
  });

  it("a bad token is 401 even for a public model", async () => {
    const model = await createModel(t);
    const res = await generate(t, model.displayName, { token: "not-a-jwt" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "token_not_valid" });
  });

  it("non-JSON body: 415", async () => {
    const res = await t.request("/api/ai/generate/", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(res.status).toBe(415);
  });
});

describe("POST /api/ai/generate/: failures", () => {
  it("provider failure: 503 with the fixed body, no provider text, nothing saved or logged", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { modelName: uniqueName("m") });
    t.openai.fallback = { kind: "status", status: 500 };
    const before = await t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id));
    const res = await generate(t, model.displayName, { token: user.token });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual(UNAVAILABLE);
    expect(text).not.toContain(OPENAI_ERROR_TEXT);
    const after = await t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id));
    expect(after).toEqual(before);
    const logs = t.logger.lines.join("\n");
    expect(logs).not.toContain(OPENAI_ERROR_TEXT);
    expect(logs).not.toContain("or-key-1");
    expect(logs).not.toContain("ICU at St. Mary");
    const line = t.logger.lines.map((l) => JSON.parse(l)).findLast((l) => l.msg === "ai call");
    expect(line).toMatchObject({
      provider: "open_router",
      model: model.modelName,
      attempts: 3,
      status: "http",
      httpStatus: 500,
      latencyMs: expect.any(Number),
    });
    const [ledger] = await t.deps.database.db
      .select()
      .from(aiUsage)
      .where(eq(aiUsage.modelId, model.id))
      .orderBy(desc(aiUsage.id));
    expect(ledger).toMatchObject({ outcome: "failure", attempts: 3, userId: user.id });
  });

  it("model whose key setting is missing: 503, logged by setting name, no provider call", async () => {
    const model = await createModel(t, { apiKeyName: "NOT_CONFIGURED_KEY" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(UNAVAILABLE);
    expect(t.openai.requests).toHaveLength(0);
    expect(
      t.logger.lines.some(
        (l) => l.includes("ai model not configured") && l.includes("NOT_CONFIGURED_KEY"),
      ),
    ).toBe(true);
  });
});

describe("GET /api/ai/models/", () => {
  it("active models by display name, public fields only, cached with X-Cache-Status", async () => {
    await t.deps.kv.del("ai:models:v1");
    const hidden = await createModel(t, { isActive: false });
    const res = await t.request("/api/ai/models/");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Cache-Status")).toBe("MISS");
    const body = (await res.json()) as { cache_status: string; data: Record<string, unknown>[] };
    expect(body.cache_status).toBe("MISS (Response from database)");
    const names = body.data.map((m) => m.model_name as string);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("Gemini");
    expect(names).not.toContain(hidden.displayName);
    expect(body.data.find((m) => m.model_name === "Gemini")).toEqual({
      model_name: "Gemini",
      login_required: true,
      response_time_info: "Fast (~5-10 seconds)",
      description: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toMatch(/api_key|GEMINI_API_KEY/);

    const again = await t.request("/api/ai/models");
    expect(again.headers.get("X-Cache-Status")).toBe("HIT");
    expect(await again.json()).toEqual({
      ...body,
      cache_status: "HIT (Response from Redis cache)",
    });
  });

  it("a hit in the in-process store is answered synchronously, a miss through a promise", async () => {
    await t.deps.kv.del("ai:models:v1");
    // As an entry calls the app, at production's log level (an access log waits for the
    // answer); the answer's own headers (X-Cache-Status) go to the bag.
    const deps = { ...t.deps, logger: createMemoryLogger("warn") };
    const fetch = (headers: HeaderBag) =>
      t.app.fetch(new Request("http://localhost/api/ai/models/"), {
        deps,
        socketIp: "127.0.0.1",
        readBody: async () => "",
        headers,
      });
    const missHeaders = new HeaderBag();
    const miss = fetch(missHeaders);
    expect(miss).toBeInstanceOf(Promise);
    expect((await miss).status).toBe(200);
    expect(missHeaders.get("X-Cache-Status")).toBe("MISS");
    await vi.waitFor(() => expect(t.deps.kv.peek?.("ai:models:v1")).toEqual(expect.any(String)));
    const hitHeaders = new HeaderBag();
    const hit = fetch(hitHeaders);
    expect(hit).toBeInstanceOf(Response);
    expect(hitHeaders.get("X-Cache-Status")).toBe("HIT");
    expect(hitHeaders.get("X-Request-ID")).toEqual(expect.any(String));
    expect(((await (await hit).json()) as { cache_status: string }).cache_status).toBe(
      "HIT (Response from Redis cache)",
    );
  });

  it("the cache serves the old list until its TTL (a direct database change is not seen)", async () => {
    await t.request("/api/ai/models/");
    const m = await createModel(t);
    const cached = (await (await t.request("/api/ai/models/")).json()) as {
      data: { model_name: string }[];
    };
    expect(cached.data.map((d) => d.model_name)).not.toContain(m.displayName);
    t.clock.advance(3600 * 1000);
    const fresh = (await (await t.request("/api/ai/models/")).json()) as {
      data: { model_name: string }[];
    };
    expect(fresh.data.map((d) => d.model_name)).toContain(m.displayName);
  });
});

describe("GET /api/ai/usage/", () => {
  it("signed-in user: today's use and what remains per model", async () => {
    const user = await createUserWithToken(t);
    const limited = await createModel(t, { dailyLimit: 3 });
    const open = await createModel(t);
    await generate(t, limited.displayName, { token: user.token });
    await generate(t, open.displayName, { token: user.token });
    t.openai.fallback = { kind: "status", status: 500 };
    await generate(t, limited.displayName, { token: user.token }); // failed: not counted
    const res = await t.request("/api/ai/usage/", { token: user.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      date: string;
      resets_at: string;
      models: Record<string, unknown>[];
    };
    expect(body.date).toBe(new Date(t.clock.now()).toISOString().slice(0, 10));
    expect(body.resets_at).toMatch(/T00:00:00\.000Z$/);
    expect(body.models.find((m) => m.model_name === limited.displayName)).toEqual({
      model_name: limited.displayName,
      daily_limit: 3,
      used: 1,
      remaining: 2,
    });
    expect(body.models.find((m) => m.model_name === open.displayName)).toEqual({
      model_name: open.displayName,
      daily_limit: 0,
      used: 1,
      remaining: null,
    });
  });

  it("anonymous: 401", async () => {
    const res = await t.request("/api/ai/usage/");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
  });
});

describe("seeded models", () => {
  it("exist as API.md lists them", async () => {
    const rows = await t.deps.database.db
      .select()
      .from(aiModel)
      .where(and(eq(aiModel.displayName, "Gemini")));
    expect(rows[0]).toMatchObject({
      modelName: "gemini-2.0-flash-exp",
      dailyLimit: 5,
      loginRequired: true,
    });
  });
});
