import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { breakerName } from "../../src/ai-providers/resilience";
import { aiQuota, aiUsage } from "../../src/db/schema";
import { GENERATION_ID } from "../../src/features/ai/ai.events";
import {
  type AiTestContext,
  createModel,
  generate,
  type ModelRow,
  parseSse,
  useAiTestContext,
} from "../helpers/ai";
import { uniqueName } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";
import { openaiWire } from "../helpers/fake-openai";
import { DEFAULT_CHUNKS, type FakeProvider, startFakeProvider } from "../helpers/fake-provider";

let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});

/** A local OpenAI-compatible server for the fallbacks; the chosen models are on OpenRouter's fake. */
let local: FakeProvider;
beforeAll(async () => {
  local = await startFakeProvider(openaiWire, "/v1");
});
afterAll(() => local.close());
beforeEach(() => local.reset());

const SSE = { accept: "text/event-stream" };
const UNAVAILABLE = { error: "AI service unavailable. Please try again later." };
const FAIL = { kind: "status", status: 502 } as const;

const localModel = (opts: Parameters<typeof createModel>[1] = {}) =>
  createModel(t, {
    provider: "openai_compatible",
    apiProvider: "openai_compatible",
    modelName: uniqueName("qwen"),
    apiKeyName: "LOCAL_NONE_API_KEY",
    baseUrl: local.url,
    ...opts,
  });

/** Requests the local fake received for one model. */
const callsTo = (m: ModelRow) =>
  local.requests.filter((r) => (r.body as { model?: string }).model === m.modelName).length;

async function outcomes(...models: ModelRow[]) {
  const rows = await t.deps.database.db
    .select()
    .from(aiUsage)
    .where(
      inArray(
        aiUsage.modelId,
        models.map((m) => m.id),
      ),
    )
    .orderBy(asc(aiUsage.id));
  const names = new Map(models.map((m) => [m.id, m.displayName]));
  return rows.map((r) => [names.get(r.modelId ?? 0), r.outcome, r.attempts]);
}

async function quota(m: ModelRow) {
  const [row] = await t.deps.database.db.select().from(aiQuota).where(eq(aiQuota.modelId, m.id));
  return row && { used: row.used, reserved: row.reserved };
}

/** Opens a model's circuit as three failed calls would (the breaker's own store keys). */
async function openBreaker(m: ModelRow) {
  const name = breakerName({ provider: "open_router", model: m.modelName, keyName: "", keys: [] });
  await t.deps.kv.set(`ai:breaker:v1:${name}:open`, String(t.clock.now() + 30_000), 86_400);
}

describe("fallback_model", () => {
  it("5xx after the retries: the fallback answers under its own slot; X-AI-Model names it", async () => {
    const user = await createUserWithToken(t);
    const b = await localModel({ dailyLimit: 5 });
    const a = await createModel(t, { dailyLimit: 5, fallbackModel: b.displayName.toUpperCase() });
    t.openai.fallback = FAIL;
    const res = await generate(t, a.displayName, { token: user.token });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-ai-model")).toBe(b.displayName);
    expect(await res.json()).toEqual({
      resume_id: expect.any(Number),
      content: DEFAULT_CHUNKS.join(""),
      generation_id: expect.stringMatching(GENERATION_ID),
    });
    expect(t.openai.requests).toHaveLength(3);
    expect(callsTo(b)).toBe(1);
    expect(await outcomes(a, b)).toEqual([
      [a.displayName, "failure", 3],
      [b.displayName, "success", 1],
    ]);
    expect(await quota(a)).toEqual({ used: 0, reserved: 0 });
    expect(await quota(b)).toEqual({ used: 1, reserved: 0 });
  });

  it("SSE: a failure before any chunk falls back; header and done name the fallback", async () => {
    const b = await localModel();
    const a = await createModel(t, { fallbackModel: b.displayName });
    t.openai.fallback = FAIL;
    const res = await generate(t, a.displayName, { headers: SSE });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ai-model")).toBe(b.displayName);
    expect(parseSse(await res.text())).toEqual([
      ...DEFAULT_CHUNKS.map((text) => ({ event: "chunk", data: { text } })),
      {
        event: "done",
        data: {
          resume_id: expect.any(Number),
          model: b.displayName,
          generation_id: expect.stringMatching(GENERATION_ID),
        },
      },
    ]);
    expect(await outcomes(a, b)).toEqual([
      [a.displayName, "failure", 3],
      [b.displayName, "success", 1],
    ]);
  });

  it("SSE: once text went out there is no fallback: error event, the fallback never called", async () => {
    const b = await localModel();
    const a = await createModel(t, { fallbackModel: b.displayName });
    t.openai.script({ kind: "ok", chunks: ["# Part one", " two"], chunkDelayMs: 20, dropAfter: 1 });
    const res = await generate(t, a.displayName, { headers: SSE });
    expect(res.headers.get("x-ai-model")).toBe(a.displayName);
    expect(parseSse(await res.text())).toEqual([
      { event: "chunk", data: { text: "# Part one" } },
      { event: "error", data: UNAVAILABLE },
    ]);
    expect(callsTo(b)).toBe(0);
    expect(await outcomes(a, b)).toEqual([[a.displayName, "failure", 1]]);
  });

  it("breaker open: with a fallback it answers (ledger breaker_open + success), without it 503", async () => {
    const b = await localModel();
    const a = await createModel(t, { fallbackModel: b.displayName });
    const lone = await createModel(t);
    await openBreaker(a);
    await openBreaker(lone);
    const res = await generate(t, a.displayName);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-ai-model")).toBe(b.displayName);
    expect(t.openai.requests).toHaveLength(0);
    expect(await outcomes(a, b)).toEqual([
      [a.displayName, "breaker_open", 0],
      [b.displayName, "success", 1],
    ]);
    const alone = await generate(t, lone.displayName);
    expect(alone.status).toBe(503);
    expect(alone.headers.get("x-ai-model")).toBeNull();
    expect(await alone.json()).toEqual(UNAVAILABLE);
    expect(await outcomes(lone)).toEqual([[lone.displayName, "breaker_open", 0]]);
  });

  it("a fallback over its own daily limit is passed over: 503, not 429", async () => {
    const user = await createUserWithToken(t);
    const b = await localModel({ dailyLimit: 1 });
    const a = await createModel(t, { dailyLimit: 5, fallbackModel: b.displayName });
    expect((await generate(t, b.displayName, { token: user.token })).status).toBe(201);
    t.openai.fallback = FAIL;
    const res = await generate(t, a.displayName, { token: user.token });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(UNAVAILABLE);
    expect(callsTo(b)).toBe(1);
    expect(await outcomes(a, b)).toEqual([
      [b.displayName, "success", 1],
      [a.displayName, "failure", 3],
      [b.displayName, "limited", 0],
    ]);
    expect(await quota(a)).toEqual({ used: 0, reserved: 0 });
    expect(await quota(b)).toEqual({ used: 1, reserved: 0 });
  });

  it("a loop A -> B -> A stops after B: 503, each model called once (with its retries)", async () => {
    const aName = uniqueName("Loop A");
    const b = await localModel({ fallbackModel: aName });
    const a = await createModel(t, { displayName: aName, fallbackModel: b.displayName });
    t.openai.fallback = FAIL;
    local.fallback = FAIL;
    const res = await generate(t, a.displayName);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(UNAVAILABLE);
    expect(t.openai.requests).toHaveLength(3);
    expect(callsTo(b)).toBe(3);
    expect(await outcomes(a, b)).toEqual([
      [a.displayName, "failure", 3],
      [b.displayName, "failure", 3],
    ]);
    expect(await quota(a)).toEqual({ used: 0, reserved: 0 });
    expect(await quota(b)).toEqual({ used: 0, reserved: 0 });
  });

  it("chains are followed (A -> B -> C), and capped at three models (D is never tried)", async () => {
    const d = await localModel();
    const c = await localModel({ fallbackModel: d.displayName });
    const b = await localModel({ fallbackModel: c.displayName });
    const a = await createModel(t, { fallbackModel: b.displayName });
    t.openai.fallback = FAIL;
    local.script(FAIL, FAIL, FAIL);
    const served = await generate(t, a.displayName);
    expect(served.status).toBe(201);
    expect(served.headers.get("x-ai-model")).toBe(c.displayName);
    expect([callsTo(b), callsTo(c), callsTo(d)]).toEqual([3, 1, 0]);

    local.reset();
    local.fallback = FAIL;
    const capped = await generate(t, a.displayName);
    expect(capped.status).toBe(503);
    expect([callsTo(b), callsTo(c), callsTo(d)]).toEqual([3, 3, 0]);
    expect(await outcomes(d)).toEqual([]);
  });

  it("a fallback that needs login is passed over for an anonymous caller, to its own fallback", async () => {
    const c = await localModel();
    const b = await localModel({ loginRequired: true, fallbackModel: c.displayName });
    const a = await createModel(t, { fallbackModel: b.displayName });
    const lone = await createModel(t, { fallbackModel: b.displayName });
    await openBreaker(a);
    const res = await generate(t, a.displayName, { ip: "198.51.100.23" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-ai-model")).toBe(c.displayName);
    expect(callsTo(b)).toBe(0);
    expect(await outcomes(a, b, c)).toEqual([
      [a.displayName, "breaker_open", 0],
      [c.displayName, "success", 1],
    ]);
    expect(await quota(b)).toBeUndefined();

    // Signed in, the same fallback answers itself.
    const user = await createUserWithToken(t);
    await openBreaker(lone);
    const mine = await generate(t, lone.displayName, { token: user.token });
    expect(mine.status).toBe(201);
    expect(mine.headers.get("x-ai-model")).toBe(b.displayName);
  });

  it("an inactive or missing fallback ends the chain: 503", async () => {
    const off = await localModel({ isActive: false });
    const a = await createModel(t, { fallbackModel: off.displayName });
    const b = await createModel(t, { fallbackModel: uniqueName("Gone") });
    await openBreaker(a);
    await openBreaker(b);
    expect((await generate(t, a.displayName)).status).toBe(503);
    expect((await generate(t, b.displayName)).status).toBe(503);
    expect(local.requests).toHaveLength(0);
    expect(await outcomes(off)).toEqual([]);
  });

  it("validation, sign-in and the chosen model's own limit answer before any fallback", async () => {
    const b = await localModel();
    const a = await createModel(t, { loginRequired: true, fallbackModel: b.displayName });
    const res = await generate(t, a.displayName);
    expect(res.status).toBe(401);
    expect(res.headers.get("x-ai-model")).toBeNull();
    expect(local.requests).toHaveLength(0);
  });
});
