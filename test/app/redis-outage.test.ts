import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstashKv, UPSTASH_CLIENT_OPTIONS } from "../../src/kv/upstash";
import { createTestContext, type TestContext } from "../helpers/deps";
import { deadUrl, redisReachable, startTestBridge, type TestBridge } from "../helpers/redis";

/**
 * The app on the real Upstash adapter: through the bridge to a real Redis, and with the store
 * unreachable (cache degrades to the database, reads fail open, AI fails closed, /ready says so,
 * and the outage is logged once, not per request).
 */
const throttled = { THROTTLE_ENABLED: "true", THROTTLE_ANON: "1000/min", THROTTLE_AI: "5/min" };

/** What an operator sees at the default level (info and above). */
function messages(t: TestContext) {
  return t.logger.lines
    .map((l) => JSON.parse(l) as { level: string; msg: string })
    .filter((l) => l.level !== "debug")
    .map((l) => l.msg);
}

describe("with Redis unreachable", () => {
  let t: TestContext;
  beforeAll(async () => {
    const url = await deadUrl();
    const env = { ...throttled, UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: "x" };
    t = await createTestContext({ env });
    t.deps.kv = createUpstashKv(new Redis({ url, token: "x", ...UPSTASH_CLIENT_OPTIONS }), {
      logger: t.deps.logger,
    });
  });
  afterAll(() => t.close());

  it("serves cached endpoints from the database, lets reads through, refuses AI", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.request("/api/example-job-applications/");
      expect(res.status).toBe(200);
      expect(res.headers.get("x-cache-status")).toBe("MISS");
      expect(((await res.json()) as { cache_status: string }).cache_status).toBe(
        "MISS (Response from database)",
      );
    }
    const ai = await t.request("/api/ai/generate/", { method: "POST", json: { model: "Gemini" } });
    expect(ai.status).toBe(503);
    expect(await ai.json()).toEqual({ error: "AI service unavailable. Please try again later." });
    const msgs = messages(t);
    expect(msgs.filter((m) => m === "kv store unavailable")).toHaveLength(1);
    expect(msgs.filter((m) => m.startsWith("throttle store unavailable"))).toEqual([
      "throttle store unavailable: letting requests through",
      "throttle store unavailable: refusing AI generation",
    ]);
    expect(msgs.filter((m) => m.startsWith("cache"))).toEqual([]);
  });

  it("reports the cache as not ready", async () => {
    const res = await t.request("/ready");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: "unavailable",
      checks: { database: "ok", cache: "error" },
    });
  });
});

const available = await redisReachable();

describe.skipIf(!available)("with Redis through the Upstash-protocol bridge", () => {
  let t: TestContext;
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge();
    const env = {
      ...throttled,
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: bridge.token,
    };
    t = await createTestContext({ env });
    t.deps.kv = createUpstashKv(bridge.appClient(), { logger: t.deps.logger });
  });
  afterAll(async () => {
    await t?.close();
    await bridge?.close();
  });

  it("is ready, caches in Redis and counts throttles there", async () => {
    const ready = await t.request("/ready");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ok", checks: { database: "ok", cache: "ok" } });
    await t.request("/api/example-job-applications/");
    const hit = await t.request("/api/example-job-applications/");
    expect(hit.status).toBe(200);
    expect(hit.headers.get("x-cache-status")).toBe("HIT");
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const a = await t.request("/api/", { ip });
    const b = await t.request("/api/", { ip });
    expect(a.headers.get("x-ratelimit-remaining")).toBe("999");
    expect(b.headers.get("x-ratelimit-remaining")).toBe("998");
  });
});
