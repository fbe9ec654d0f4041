import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AI_UNAVAILABLE_MESSAGE } from "../../src/core/errors";
import { aiQuota, resume } from "../../src/db/schema";
import { GENERATION_ID } from "../../src/features/ai/ai.events";
import {
  type AiTestContext,
  createModel,
  generate,
  ledger,
  parseSse,
  useAiTestContext,
} from "../helpers/ai";
import { answer } from "../helpers/api";
import { uniqueName } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";
import { openaiWire } from "../helpers/fake-openai";
import type { Behavior, FakeProvider } from "../helpers/fake-provider";
import { startFakeProvider } from "../helpers/fake-provider";

/**
 * A hostile or broken provider (finding 8 of issue 21): its answer is data, bounded in size and
 * time, and anything but a non-empty string is a provider failure (503, nothing saved, slot
 * back). Every answer goes over the real wire format to the real SDKs.
 */
let t: AiTestContext;
useAiTestContext(
  (ctx) => {
    t = ctx;
  },
  { AI_TOTAL_TIMEOUT_MS: "5000" },
);

const SSE = { accept: "text/event-stream" };
const UNAVAILABLE = { error: AI_UNAVAILABLE_MESSAGE };
const LIMIT = 100_000;

const db = () => t.deps.database.db;
const resumesOf = (u: TestUser) => db().select().from(resume).where(eq(resume.userId, u.id));
const quotaOf = async (modelId: number) =>
  (await db().select().from(aiQuota).where(eq(aiQuota.modelId, modelId)))[0];

/** What a failed generation leaves: no resume, the slot back, a `failure` row in the ledger. */
async function expectNothingSaved(user: TestUser, modelId: number) {
  expect(await resumesOf(user)).toEqual([]);
  expect(await quotaOf(modelId)).toMatchObject({ used: 0, reserved: 0 });
  expect((await ledger(t, modelId)).map((r) => r.outcome)).toEqual(["failure"]);
}

async function setup(provider: "open_router" | "google_gemini" = "open_router") {
  const user = await createUserWithToken(t);
  const model = await createModel(t, { provider, dailyLimit: 3 });
  return { user, model };
}

const fakeOf = (p: "open_router" | "google_gemini") => (p === "open_router" ? t.openai : t.gemini);

describe("a model answer is bounded in size (AI_MAX_OUTPUT_CHARS)", () => {
  it.each(["open_router", "google_gemini"] as const)(
    "%s JSON: an answer over the limit is a 503, nothing saved",
    async (provider) => {
      const { user, model } = await setup(provider);
      fakeOf(provider).script({ kind: "huge", chars: LIMIT + 1 });
      const res = await generate(t, model.displayName, { token: user.token });
      expect(await answer(res)).toEqual({ status: 503, body: UNAVAILABLE });
      await expectNothingSaved(user, model.id);
      // Not retried: a server that answers too much would answer too much again.
      expect(fakeOf(provider).requests).toHaveLength(1);
    },
  );

  it("JSON: a 200 MB answer is never read in full (the request is aborted past the limit)", async () => {
    const { user, model } = await setup();
    t.openai.script({ kind: "huge", chars: 200_000_000 });
    const res = await generate(t, model.displayName, { token: user.token });
    expect(await answer(res)).toEqual({ status: 503, body: UNAVAILABLE });
    await t.openai.waitFor(() => t.openai.requests[0]?.closedEarly === true);
    expect(t.openai.requests[0]?.sentBytes).toBeLessThan(20_000_000);
    await expectNothingSaved(user, model.id);
  }, 30_000);

  it.each(["open_router", "google_gemini"] as const)(
    "%s stream: an endless stream ends in an error event once over the limit",
    async (provider) => {
      const { user, model } = await setup(provider);
      fakeOf(provider).script({ kind: "endless", chunk: "x".repeat(1000) });
      const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
      expect(res.status).toBe(200);
      const events = parseSse(await res.text());
      expect(events.at(-1)).toEqual({ event: "error", data: UNAVAILABLE });
      const sent = events.filter((e) => e.event === "chunk").length;
      expect(sent).toBeLessThanOrEqual(LIMIT / 1000);
      await fakeOf(provider).waitFor(() => fakeOf(provider).requests[0]?.closedEarly === true);
      await expectNothingSaved(user, model.id);
    },
    30_000,
  );

  it("stream: an endless stream of empty pieces ends too (its bytes are bounded, not only its text)", async () => {
    const { user, model } = await setup();
    t.openai.script({ kind: "endless", chunk: "" });
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    expect(parseSse(await res.text())).toEqual([{ event: "error", data: UNAVAILABLE }]);
    await t.openai.waitFor(() => t.openai.requests[0]?.closedEarly === true);
    expect(t.openai.requests[0]?.sentBytes).toBeLessThan(64_000_000);
    await expectNothingSaved(user, model.id);
  }, 30_000);

  it("stream: ten endless streams at once all end, and memory stays bounded", async () => {
    const user = await createUserWithToken(t);
    // Ten models: one breaker each, so all ten streams are read at once.
    const models = await Promise.all(Array.from({ length: 10 }, () => createModel(t)));
    t.openai.fallback = { kind: "endless", chunk: "y".repeat(200) };
    const rss = process.memoryUsage().rss;
    const all = await Promise.all(
      models.map(async (model) => {
        const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
        return parseSse(await res.text()).at(-1);
      }),
    );
    expect(all).toEqual(Array(10).fill({ event: "error", data: UNAVAILABLE }));
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
    await t.openai.waitFor(() => t.openai.requests.every((r) => r.closedEarly));
    expect(t.openai.requests).toHaveLength(10);
    expect(await resumesOf(user)).toEqual([]);
  }, 60_000);
});

describe("a model answer is bounded in time (AI_TOTAL_TIMEOUT_MS)", () => {
  it("stream: a slow drip (never silent for AI_TIMEOUT_MS) ends at the total budget", async () => {
    const { user, model } = await setup();
    t.openai.script({ kind: "endless", chunk: "z", chunkDelayMs: 50 });
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    const text = await res.text();
    const events = parseSse(text);
    expect(events.at(-1)).toEqual({ event: "error", data: UNAVAILABLE });
    expect(events.filter((e) => e.event === "chunk").length).toBeGreaterThan(0);
    await t.openai.waitFor(() => t.openai.requests[0]?.closedEarly === true);
    await expectNothingSaved(user, model.id);
  }, 30_000);
});

describe("content that is not a non-empty string is a provider failure", () => {
  const bad: [string, unknown][] = [
    ["an array", [{ type: "text", text: "# Ann" }]],
    ["an object", { text: "# Ann" }],
    ["a number", 42],
    ["null", null],
    ["empty", ""],
  ];
  it.each(bad)("JSON: content as %s is a 503, nothing saved", async (_, content) => {
    const { user, model } = await setup();
    t.openai.script({ kind: "content", content });
    const res = await generate(t, model.displayName, { token: user.token });
    expect(await answer(res)).toEqual({ status: 503, body: UNAVAILABLE });
    await expectNothingSaved(user, model.id);
  });

  it.each(bad)(
    "stream: content as %s ends in an error event, nothing saved",
    async (_, content) => {
      const { user, model } = await setup();
      t.openai.script({ kind: "content", content });
      const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
      expect(parseSse(await res.text()).at(-1)).toEqual({ event: "error", data: UNAVAILABLE });
      await expectNothingSaved(user, model.id);
    },
  );
});

describe("NUL and lone surrogates are removed before saving", () => {
  const dirty = ["# Ann\u0000 Lee\n", "\ud800Engineer\udfff\n", "Emoji: \ud83d\ude00\u0000"];
  const clean = "# Ann Lee\nEngineer\nEmoji: \ud83d\ude00";

  it("JSON: saved and answered without them", async () => {
    const { user, model } = await setup();
    t.openai.script({ kind: "ok", chunks: dirty });
    const res = await generate(t, model.displayName, { token: user.token });
    expect(await answer(res)).toEqual({
      status: 201,
      body: {
        resume_id: expect.any(Number),
        content: clean,
        generation_id: expect.stringMatching(GENERATION_ID),
      },
    });
    expect((await resumesOf(user)).map((r) => r.content)).toEqual([clean]);
  });

  it("stream: the chunks and the saved resume are without them", async () => {
    const { user, model } = await setup();
    t.openai.script({ kind: "ok", chunks: dirty });
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    const events = parseSse(await res.text());
    expect(events.at(-1)?.event).toBe("done");
    const streamed = events
      .filter((e) => e.event === "chunk")
      .map((e) => (e.data as { text: string }).text)
      .join("");
    expect(streamed).toBe(clean);
    expect((await resumesOf(user)).map((r) => r.content)).toEqual([clean]);
  });
});

describe("redirects are never followed (the prompt is not re-sent elsewhere)", () => {
  let elsewhere: FakeProvider;
  beforeAll(async () => {
    elsewhere = await startFakeProvider(openaiWire, "/v1");
  });
  afterAll(() => elsewhere.close());
  beforeEach(() => elsewhere.reset());

  it.each([301, 302, 307, 308])(
    "a %i to another origin is a 503; nothing reaches it",
    async (status) => {
      const user = await createUserWithToken(t);
      const local = await createModel(t, {
        provider: "openai_compatible",
        apiProvider: "openai_compatible",
        modelName: uniqueName("llama"),
        apiKeyName: "LOCAL_NONE_API_KEY",
        baseUrl: t.openai.url,
      });
      const to: Behavior = {
        kind: "redirect",
        status,
        location: `${elsewhere.url}/chat/completions`,
      };
      t.openai.script(to);
      const res = await generate(t, local.displayName, { token: user.token });
      expect(await answer(res)).toEqual({ status: 503, body: UNAVAILABLE });
      expect(elsewhere.requests).toEqual([]);
      expect(t.openai.requests).toHaveLength(1);
      await expectNothingSaved(user, local.id);
    },
  );
});
