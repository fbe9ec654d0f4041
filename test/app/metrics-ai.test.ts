import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeMetrics, type NodeMetrics } from "../../src/entry/node-metrics";
import { type AiTestContext, createAiTestContext, createModel, generate } from "../helpers/ai";

/** AI metrics: calls by provider, model and outcome with latency and attempts; daily limits. */
let t: AiTestContext;
let metrics: NodeMetrics;
beforeAll(async () => {
  t = await createAiTestContext({ AI_MAX_RETRIES: "1" });
  metrics = createNodeMetrics();
  t.deps.metrics = metrics;
});
afterAll(() => t.close());

const count = async (series: string) => {
  const line = (await metrics.registry.metrics())
    .split("\n")
    .find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(" ")[1]) : 0;
};

describe("AI metrics", () => {
  it("records success, failure and daily-limit outcomes with attempts", async () => {
    const model = await createModel(t, { dailyLimit: 1 });
    const labels = `provider="open_router",model="${model.modelName}"`;
    expect((await generate(t, model.displayName)).status).toBe(201);
    expect((await generate(t, model.displayName)).status).toBe(429);
    const other = await createModel(t);
    t.openai.fallback = { kind: "status", status: 503 };
    expect((await generate(t, other.displayName)).status).toBe(503);
    const otherLabels = `provider="open_router",model="${other.modelName}"`;
    expect(
      await count(`resumate_ai_generation_duration_seconds_count{${labels},outcome="success"}`),
    ).toBe(1);
    expect(
      await count(`resumate_ai_generation_duration_seconds_count{${labels},outcome="limited"}`),
    ).toBe(1);
    expect(
      await count(
        `resumate_ai_generation_duration_seconds_count{${otherLabels},outcome="failure"}`,
      ),
    ).toBe(1);
    expect(await count(`resumate_ai_attempts_total{${otherLabels}}`)).toBe(2);
    expect(
      await count(`resumate_ai_breaker_open{provider="open_router",model="${other.modelName}"}`),
    ).toBe(0);
  });
});
