import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aiUsage } from "../../src/db/schema";
import {
  type AiTestContext,
  createAiTestContext,
  createModel,
  generate,
  useAiTestContext,
} from "../helpers/ai";

// The default per-attempt timeout (2 s): every call here that should answer does, however busy
// the machine (a 500 ms one made the successes below flaky under load); the timeout's own tests
// have a context of their own with 500 ms.
let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});
beforeEach(() => {
  t.sleeps.length = 0;
});

async function lastLedger(modelId: number) {
  const [row] = await t.deps.database.db
    .select()
    .from(aiUsage)
    .where(eq(aiUsage.modelId, modelId))
    .orderBy(desc(aiUsage.id))
    .limit(1);
  return row;
}

describe("retries (AI_MAX_RETRIES=2) with exponential backoff and jitter", () => {
  it.each([
    ["5xx", { kind: "status", status: 503 }],
    ["429 without Retry-After", { kind: "status", status: 429 }],
    ["a dropped connection", { kind: "drop" }],
  ] as const)("retries %s, then succeeds: 3 calls, waits 375 then 750 ms", async (_, failure) => {
    const model = await createModel(t);
    t.openai.script(failure, failure);
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(201);
    expect(t.openai.requests).toHaveLength(3);
    expect(t.sleeps).toEqual([375, 750]);
    expect(await lastLedger(model.id)).toMatchObject({ outcome: "success", attempts: 3 });
  });

  it("gives up after the retries: 1 + 2 calls, then 503", async () => {
    const model = await createModel(t);
    t.openai.fallback = { kind: "status", status: 502 };
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(t.openai.requests).toHaveLength(3);
    expect(await lastLedger(model.id)).toMatchObject({ outcome: "failure", attempts: 3 });
  });

  it("does not retry other client errors (400)", async () => {
    const model = await createModel(t);
    t.openai.script({ kind: "status", status: 400 });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(t.openai.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it.each([
    ["open_router", () => t.openai],
    ["google_gemini", () => t.gemini],
  ] as const)("%s: honours Retry-After (429, 7 s)", async (provider, fake) => {
    const model = await createModel(t, { provider });
    fake().script({ kind: "status", status: 429, retryAfter: "7" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(201);
    expect(fake().requests).toHaveLength(2);
    expect(t.sleeps).toEqual([7000]);
  });

  it("a Retry-After longer than a call may take is not waited for: 503 at once", async () => {
    const model = await createModel(t);
    t.openai.script({ kind: "status", status: 429, retryAfter: "120" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(t.openai.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });
});

describe("timeout (AI_TIMEOUT_MS=500)", () => {
  let short: AiTestContext;
  beforeAll(async () => {
    short = await createAiTestContext({ AI_TIMEOUT_MS: "500" });
    // The SDKs load before any attempt's timer starts (resilience.ts): loaded here, the time
    // measured below is the timeout's, not a cold import's.
    await short.deps.ai.google_gemini.ready?.();
    await short.deps.ai.open_router.ready?.();
  });
  afterAll(() => short?.closeAll());
  it.each([
    ["open_router", () => short.openai],
    ["google_gemini", () => short.gemini],
  ] as const)(
    "%s: a hanging provider is cut off: 503, one call, connection closed",
    async (provider, fake) => {
      const model = await createModel(short, { provider });
      fake().fallback = { kind: "hang" };
      const started = Date.now();
      const res = await generate(short, model.displayName);
      const elapsed = Date.now() - started;
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: "AI service unavailable. Please try again later.",
      });
      expect(elapsed).toBeGreaterThanOrEqual(450);
      expect(elapsed).toBeLessThan(5000);
      expect(fake().requests).toHaveLength(1);
      await fake().waitFor(() => fake().requests[0]?.closedEarly === true);
      const log = short.logger.lines.map((l) => JSON.parse(l)).findLast((l) => l.msg === "ai call");
      expect(log).toMatchObject({ status: "timeout", attempts: 1 });
    },
  );
});

describe("circuit breaker (AI_BREAKER_THRESHOLD=3, cooldown 30 s)", () => {
  it("opens after 3 failed calls, fails fast without calling, half-opens after the cooldown, closes on success", async () => {
    const model = await createModel(t);
    t.openai.fallback = { kind: "status", status: 500 };
    for (let i = 0; i < 3; i++) expect((await generate(t, model.displayName)).status).toBe(503);
    expect(t.openai.requests).toHaveLength(9);

    const fast = await generate(t, model.displayName);
    expect(fast.status).toBe(503);
    expect(await fast.json()).toEqual({ error: "AI service unavailable. Please try again later." });
    expect(t.openai.requests).toHaveLength(9); // no provider call while open
    expect(await lastLedger(model.id)).toMatchObject({ outcome: "breaker_open", attempts: 0 });

    const other = await createModel(t); // another model's circuit is its own
    t.openai.script({ kind: "ok" });
    expect((await generate(t, other.displayName)).status).toBe(201);

    t.clock.advance(30_000);
    t.openai.fallback = { kind: "ok" };
    expect((await generate(t, model.displayName)).status).toBe(201); // the trial
    expect((await generate(t, model.displayName)).status).toBe(201); // closed again
  });

  it("a failed trial opens it again for another cooldown", async () => {
    const model = await createModel(t);
    t.openai.fallback = { kind: "status", status: 500 };
    for (let i = 0; i < 3; i++) await generate(t, model.displayName);
    t.clock.advance(30_000);
    expect((await generate(t, model.displayName)).status).toBe(503); // trial, 3 attempts
    const calls = t.openai.requests.length;
    t.openai.fallback = { kind: "ok" };
    expect((await generate(t, model.displayName)).status).toBe(503);
    expect(t.openai.requests).toHaveLength(calls);
    t.clock.advance(30_000);
    expect((await generate(t, model.displayName)).status).toBe(201);
  });
});

describe("key pool (OPENAI_POOL=pool-a,pool-b,pool-c)", () => {
  it("uses the keys round-robin across requests", async () => {
    const model = await createModel(t, { apiKeyName: "OPENAI_POOL" });
    for (let i = 0; i < 6; i++) expect((await generate(t, model.displayName)).status).toBe(201);
    const keys = t.openai.requests.map((r) => r.apiKey);
    expect(new Set(keys.slice(0, 3))).toEqual(new Set(["pool-a", "pool-b", "pool-c"]));
    expect(keys.slice(3)).toEqual(keys.slice(0, 3));
  });

  it("a rejected key: the next key answers the same request, and the bad one is skipped for a while", async () => {
    const model = await createModel(t, { apiKeyName: "OPENAI_POOL" });
    t.openai.script({ kind: "invalid-key" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(201);
    const [bad, good] = t.openai.requests.map((r) => r.apiKey);
    expect(good).not.toBe(bad);
    expect(t.sleeps).toEqual([]); // a key switch is not a backoff
    for (let i = 0; i < 4; i++) await generate(t, model.displayName);
    expect(t.openai.requests.slice(2).map((r) => r.apiKey)).not.toContain(bad);
    t.clock.advance(300_000);
    for (let i = 0; i < 3; i++) await generate(t, model.displayName);
    expect(t.openai.requests.slice(6).map((r) => r.apiKey)).toContain(bad);
    expect(t.logger.lines.join("\n")).not.toContain(bad ?? "none");
  });

  it("Gemini: an invalid key (400 API_KEY_INVALID) with no other key: 503", async () => {
    const model = await createModel(t, { provider: "google_gemini" });
    t.gemini.script({ kind: "invalid-key" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(t.gemini.requests).toHaveLength(1);
    // skipped for a while: no call at all
    expect((await generate(t, model.displayName)).status).toBe(503);
    expect(t.gemini.requests).toHaveLength(1);
    t.clock.advance(300_000);
    expect((await generate(t, model.displayName)).status).toBe(201);
  });
});
