import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { breakerName } from "../../src/ai-providers/resilience";
import { aiUsage, resume } from "../../src/db/schema";
import { GENERATION_ID } from "../../src/features/ai/ai.events";
import {
  type AiTestContext,
  createModel,
  generate,
  parseSse,
  USER_INPUT,
  useAiTestContext,
} from "../helpers/ai";
import { uniqueName } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";
import { openaiWire } from "../helpers/fake-openai";
import { DEFAULT_CHUNKS, type FakeProvider, startFakeProvider } from "../helpers/fake-provider";

let t: AiTestContext;
useAiTestContext(
  (ctx) => {
    t = ctx;
  },
  { LOCAL_TEST_API_KEY: "local-key-1" },
);

/** Two OpenAI-compatible servers of their own (as Ollama and vLLM would be), not OpenRouter's. */
let ollama: FakeProvider;
let vllm: FakeProvider;
beforeAll(async () => {
  ollama = await startFakeProvider(openaiWire, "/v1");
  vllm = await startFakeProvider(openaiWire, "/engines/v1");
});
afterAll(async () => {
  await ollama.close();
  await vllm.close();
});
beforeEach(() => {
  ollama.reset();
  vllm.reset();
});

const SSE = { accept: "text/event-stream" };
const UNAVAILABLE = { error: "AI service unavailable. Please try again later." };

/** An openai_compatible model at `server`; keyless unless `keyName` names a setting with keys. */
const localModel = (server: FakeProvider, opts: Parameters<typeof createModel>[1] = {}) =>
  createModel(t, {
    provider: "openai_compatible",
    apiProvider: "openai_compatible",
    // Breakers are per server and model name: each test its own name.
    modelName: uniqueName("llama3.1"),
    apiKeyName: "LOCAL_NONE_API_KEY",
    baseUrl: server.url,
    ...opts,
  });

async function ledger(modelId: number) {
  return t.deps.database.db
    .select()
    .from(aiUsage)
    .where(eq(aiUsage.modelId, modelId))
    .orderBy(desc(aiUsage.id));
}

describe("openai_compatible models", () => {
  it("JSON, keyless: calls the model's own base URL without Authorization, names the model", async () => {
    const user = await createUserWithToken(t);
    const model = await localModel(ollama);
    const res = await generate(t, model.displayName, { token: user.token });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-ai-model")).toBe(model.displayName);
    expect(await res.json()).toEqual({
      resume_id: expect.any(Number),
      content: DEFAULT_CHUNKS.join(""),
      generation_id: expect.stringMatching(GENERATION_ID),
    });
    expect(ollama.requests).toHaveLength(1);
    const [req] = ollama.requests;
    expect(req?.path).toBe("/chat/completions");
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.body).toMatchObject({ model: model.modelName });
    expect(t.openai.requests).toHaveLength(0);
    expect((await ledger(model.id))[0]).toMatchObject({ outcome: "success", attempts: 1 });
  });

  it("SSE, with a key: chunks, then done with the model; the key goes as a bearer token", async () => {
    const user = await createUserWithToken(t);
    const model = await localModel(ollama, { apiKeyName: "LOCAL_TEST_API_KEY" });
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ai-model")).toBe(model.displayName);
    const events = parseSse(await res.text());
    expect(events).toEqual([
      ...DEFAULT_CHUNKS.map((text) => ({ event: "chunk", data: { text } })),
      {
        event: "done",
        data: {
          resume_id: expect.any(Number),
          model: model.displayName,
          generation_id: expect.stringMatching(GENERATION_ID),
        },
      },
    ]);
    expect(ollama.requests[0]?.apiKey).toBe("local-key-1");
    expect(ollama.requests[0]?.body).toMatchObject({ stream: true });
    const id = (events.at(-1)?.data as { resume_id?: number } | undefined)?.resume_id ?? -1;
    const [row] = await t.deps.database.db.select().from(resume).where(eq(resume.id, id));
    expect(row).toMatchObject({ userId: user.id, content: DEFAULT_CHUNKS.join("") });
  });

  it("SSE, keyless, anonymous caller: streamed from the local server", async () => {
    const model = await localModel(vllm);
    const res = await generate(t, model.displayName, { headers: SSE, ip: "203.0.113.77" });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    expect(events.at(-1)).toEqual({
      event: "done",
      data: {
        resume_id: expect.any(Number),
        model: model.displayName,
        generation_id: expect.stringMatching(GENERATION_ID),
      },
    });
    expect(vllm.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("a row naming a Gemini key setting (written before the admin API refused it): 503, no call, the key never sent", async () => {
    const model = await localModel(ollama, { apiKeyName: "GEMINI_TEST_KEY" });
    const res = await generate(t, model.displayName);
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 503,
      body: UNAVAILABLE,
    });
    expect(ollama.requests).toEqual([]);
    expect((await ledger(model.id))[0]).toMatchObject({ outcome: "failure", attempts: 0 });
  });

  it("a row whose base_url is a link-local or metadata address: 503 before any call", async () => {
    const model = await createModel(t, {
      provider: "openai_compatible",
      apiProvider: "openai_compatible",
      modelName: uniqueName("llama3.1"),
      apiKeyName: "LOCAL_TEST_API_KEY",
      baseUrl: "http://0xa9fea9fe/latest/v1",
    });
    const res = await generate(t, model.displayName);
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 503,
      body: UNAVAILABLE,
    });
    expect((await ledger(model.id))[0]).toMatchObject({ outcome: "failure", attempts: 0 });
  });

  it("retries a local server's 5xx like the others (1 + 2 attempts)", async () => {
    const model = await localModel(ollama);
    ollama.script({ kind: "status", status: 500 }, { kind: "status", status: 503 });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(201);
    expect(ollama.requests).toHaveLength(3);
    expect((await ledger(model.id))[0]).toMatchObject({ outcome: "success", attempts: 3 });
  });

  it("a local server refusing keyless calls (401) is a 503 with the fixed body", async () => {
    const model = await localModel(ollama);
    ollama.script({ kind: "invalid-key" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(UNAVAILABLE);
    expect(ollama.requests).toHaveLength(1);
    expect((await ledger(model.id))[0]).toMatchObject({ outcome: "failure" });
  });

  it("without a base URL the model is not configured: 503, nothing called", async () => {
    const model = await localModel(ollama, { baseUrl: null });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(UNAVAILABLE);
    expect(ollama.requests).toHaveLength(0);
    expect((await ledger(model.id))[0]).toMatchObject({ outcome: "failure", attempts: 0 });
  });

  it("other providers still need a key: an empty setting is a 503", async () => {
    const model = await createModel(t, { apiKeyName: "LOCAL_NONE_API_KEY" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(t.openai.requests).toHaveLength(0);
  });

  it("two servers serving the same model name have separate breakers", async () => {
    const modelName = uniqueName("llama3.1");
    const a = await localModel(ollama, { modelName });
    const b = await localModel(vllm, { modelName });
    const targetOf = (m: typeof a) => ({
      provider: "openai_compatible" as const,
      model: m.modelName,
      keyName: m.apiKeyName,
      keys: [],
      baseUrl: m.baseUrl ?? "",
    });
    expect(breakerName(targetOf(a))).not.toBe(breakerName(targetOf(b)));
    ollama.fallback = { kind: "status", status: 400 };
    for (let i = 0; i < 3; i++) expect((await generate(t, a.displayName)).status).toBe(503);
    expect(ollama.requests).toHaveLength(3);
    expect((await generate(t, a.displayName)).status).toBe(503);
    expect(ollama.requests).toHaveLength(3);
    expect((await ledger(a.id))[0]).toMatchObject({ outcome: "breaker_open" });
    const res = await generate(t, b.displayName);
    expect(res.status).toBe(201);
    expect(vllm.requests).toHaveLength(1);
  });

  it("the public model list never shows base_url", async () => {
    const model = await localModel(ollama);
    await t.deps.kv.del("ai:models:v1");
    const res = await t.request("/api/ai/models/");
    expect(res.status).toBe(200);
    const text = await res.text();
    const mine = (JSON.parse(text) as { data: Record<string, unknown>[] }).data.find(
      (m) => m.model_name === model.displayName,
    );
    expect(mine).toEqual({
      model_name: model.displayName,
      login_required: false,
      response_time_info: expect.any(String),
      description: expect.any(String),
    });
    expect(text).not.toContain(ollama.url);
  });

  it("USER_INPUT reaches the local server only inside the user message", async () => {
    const model = await localModel(ollama);
    await generate(t, model.displayName);
    const body = ollama.requests[0]?.body as { messages: { role: string; content: string }[] };
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[1]?.content).toContain(USER_INPUT);
  });
});
