import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseSseStream, type SseEvent } from "../../src/client/sse";
import { aiQuota, aiUsage, resume } from "../../src/db/schema";
import { GENERATION_ID } from "../../src/features/ai/ai.events";
import {
  type AiTestContext,
  createModel,
  generate,
  parseSse,
  USER_INPUT,
  useAiTestContext,
} from "../helpers/ai";
import { createUserWithToken } from "../helpers/factories";
import { GEMINI_ERROR_TEXT } from "../helpers/fake-gemini";
import { DEFAULT_CHUNKS } from "../helpers/fake-provider";

let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});

const SSE = { accept: "text/event-stream" };
const UNAVAILABLE = "AI service unavailable. Please try again later.";

describe("POST /api/ai/generate/ with Accept: text/event-stream", () => {
  it.each([
    ["google_gemini", () => t.gemini, ":streamGenerateContent?alt=sse"],
    ["open_router", () => t.openai, "/chat/completions"],
  ] as const)("%s: chunk events in order, then done once saved", async (provider, fake, path) => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { provider, dailyLimit: 2 });
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-ai-model")).toBe(model.displayName);
    const events = parseSse(await res.text());
    expect(events.slice(0, -1)).toEqual(
      DEFAULT_CHUNKS.map((text) => ({ event: "chunk", data: { text } })),
    );
    const done = events.at(-1);
    expect(done).toEqual({
      event: "done",
      data: {
        resume_id: expect.any(Number),
        model: model.displayName,
        generation_id: expect.stringMatching(GENERATION_ID),
      },
    });
    const id = (done?.data as { resume_id?: number } | undefined)?.resume_id ?? -1;
    const [row] = await t.deps.database.db.select().from(resume).where(eq(resume.id, id));
    expect(row).toMatchObject({
      userId: user.id,
      content: DEFAULT_CHUNKS.join(""),
      title: "Untitled Resume",
    });
    expect(fake().requests[0]?.path).toContain(path);
    const [quota] = await t.deps.database.db
      .select()
      .from(aiQuota)
      .where(eq(aiQuota.modelId, model.id));
    expect(quota).toMatchObject({ used: 1, reserved: 0 });
  });

  it("provider failure: one error event with the fixed message, nothing saved, no quota used", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { provider: "google_gemini", dailyLimit: 1 });
    t.gemini.fallback = { kind: "status", status: 500 };
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ai-model")).toBeNull();
    const text = await res.text();
    expect(parseSse(text)).toEqual([{ event: "error", data: { error: UNAVAILABLE } }]);
    expect(text).not.toContain(GEMINI_ERROR_TEXT);
    expect(
      await t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id)),
    ).toEqual([]);
    const [quota] = await t.deps.database.db
      .select()
      .from(aiQuota)
      .where(eq(aiQuota.modelId, model.id));
    expect(quota).toMatchObject({ used: 0, reserved: 0 });
  });

  it("a stream that breaks after text went out is not retried: chunk, then error, nothing saved", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    t.openai.script({ kind: "ok", chunks: ["# Part one", " two"], chunkDelayMs: 20, dropAfter: 1 });
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    expect(parseSse(await res.text())).toEqual([
      { event: "chunk", data: { text: "# Part one" } },
      { event: "error", data: { error: UNAVAILABLE } },
    ]);
    expect(t.openai.requests).toHaveLength(1);
    expect(
      await t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id)),
    ).toEqual([]);
  });

  it("a stream silent for AI_TIMEOUT_MS after text went out: chunk, then error, nothing saved", async () => {
    // The openai SDK ends a stream whose signal aborted as if it were done: cut short is not done.
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    // Well past the 2 s timeout: the fake's wait starts before the client reads the first chunk,
    // and on a busy machine that reading can lag by more than a 500 ms margin.
    t.openai.script({ kind: "ok", chunks: ["# Part one", " two"], chunkDelayMs: 8000 });
    const res = await generate(t, model.displayName, { token: user.token, headers: SSE });
    expect(parseSse(await res.text())).toEqual([
      { event: "chunk", data: { text: "# Part one" } },
      { event: "error", data: { error: UNAVAILABLE } },
    ]);
    expect(
      await t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id)),
    ).toEqual([]);
  });

  it("validation, auth and the daily limit answer as JSON before any stream", async () => {
    const user = await createUserWithToken(t);
    const gated = await createModel(t, { loginRequired: true });
    const anon = await generate(t, gated.displayName, { headers: SSE });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-type")).toMatch(/^application\/json/);
    const bad = await generate(t, "nope", { headers: SSE });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      model: ["This model is not valid or is currently disabled."],
    });
    const limited = await createModel(t, { dailyLimit: 1 });
    await (await generate(t, limited.displayName, { token: user.token, headers: SSE })).text();
    const over = await generate(t, limited.displayName, { token: user.token, headers: SSE });
    expect(over.status).toBe(429);
    expect(over.headers.get("Retry-After")).toMatch(/^\d+$/);
  });
});

/** The app behind a real Node HTTP server on a free port (disconnects need a real socket). */
async function serveApp() {
  const server = serve({
    fetch: (req) => t.fetch(req),
    port: 0,
    hostname: "127.0.0.1",
  }) as Server;
  await new Promise<void>((r) => server.once("listening", () => r()));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("client disconnect (real HTTP server)", () => {
  it("does not stop the generation: it finishes, is saved once and counts once; the rest resumes from the last id", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 3 });
    const { server, base } = await serveApp();
    try {
      const lines = Array.from({ length: 12 }, (_, i) => `line ${i}\n`);
      t.openai.fallback = { kind: "ok", chunks: lines, chunkDelayMs: 25 };
      const ctl = new AbortController();
      const res = await fetch(`${base}/api/ai/generate/`, {
        method: "POST",
        signal: ctl.signal,
        headers: {
          ...SSE,
          "content-type": "application/json",
          authorization: `Bearer ${user.token}`,
        },
        body: JSON.stringify({ model: model.displayName, user_input: USER_INPUT }),
      });
      expect(res.status).toBe(200);
      const read: SseEvent[] = [];
      for await (const e of parseSseStream(res.body as ReadableStream<Uint8Array>)) {
        read.push(e);
        if (read.length === 2) break;
      }
      ctl.abort();
      const last = read[1]?.id ?? "";
      expect(last).toMatch(/^[0-9a-f]{32}:2$/);
      const gid = last.split(":")[0] ?? "";
      // The generation runs on after the reader left: saved once.
      const status = async () =>
        (await (await t.request(`/api/ai/generations/${gid}/`, { token: user.token })).json()) as {
          status: string;
          resume_id: number | null;
        };
      for (let i = 0; i < 100 && (await status()).status === "running"; i++) {
        await new Promise((r) => setTimeout(r, 30));
      }
      const done = await status();
      expect(done).toMatchObject({ status: "done", resume_id: expect.any(Number) });
      const rest = await t.request(`/api/ai/generations/${gid}/stream/`, {
        token: user.token,
        headers: { ...SSE, "last-event-id": last },
      });
      expect(rest.status).toBe(200);
      const events = parseSse(await rest.text());
      const texts = [
        ...read.map((e) => JSON.parse(e.data).text),
        ...events.slice(0, -1).map((e) => (e.data as { text: string }).text),
      ];
      expect(texts).toEqual(lines);
      expect(events.at(-1)).toEqual({
        event: "done",
        data: { resume_id: done.resume_id, model: model.displayName, generation_id: gid },
      });
      const saved = await t.deps.database.db
        .select()
        .from(resume)
        .where(eq(resume.userId, user.id));
      expect(saved.map((r) => r.content)).toEqual([lines.join("")]);
      const [quota] = await t.deps.database.db
        .select()
        .from(aiQuota)
        .where(eq(aiQuota.modelId, model.id));
      expect(quota).toMatchObject({ used: 1, reserved: 0 });
      const ledger = await t.deps.database.db
        .select()
        .from(aiUsage)
        .where(eq(aiUsage.modelId, model.id));
      expect(ledger.map((r) => r.outcome)).toEqual(["success"]);
      expect(t.openai.requests).toHaveLength(1);
      expect(t.openai.requests[0]?.closedEarly).toBe(false);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  it("the JSON variant finishes and is saved too", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    const { server, base } = await serveApp();
    try {
      t.openai.fallback = { kind: "ok", delayMs: 300 };
      const ctl = new AbortController();
      const pending = fetch(`${base}/api/ai/generate/`, {
        method: "POST",
        signal: ctl.signal,
        headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
        body: JSON.stringify({ model: model.displayName, user_input: USER_INPUT }),
      }).catch((e: unknown) => e);
      await t.openai.waitFor(() => t.openai.requests.length === 1);
      ctl.abort();
      await pending;
      const saved = async () =>
        t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id));
      for (let i = 0; i < 100 && (await saved()).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await saved()).map((r) => r.content)).toEqual([DEFAULT_CHUNKS.join("")]);
      expect(t.openai.requests).toHaveLength(1);
      expect(t.openai.requests[0]?.closedEarly).toBe(false);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
