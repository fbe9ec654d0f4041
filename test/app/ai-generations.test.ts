import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResumateClient, type GenerateEvent } from "../../src/client";
import { parseSseStream, type SseEvent } from "../../src/client/sse";
import { aiQuota, aiUsage, resume } from "../../src/db/schema";
import { CANCELLED_MESSAGE, GENERATION_ID } from "../../src/features/ai/ai.events";
import { createUpstashKv } from "../../src/kv/upstash";
import {
  type AiTestContext,
  createModel,
  generate,
  type ModelRow,
  USER_INPUT,
  useAiTestContext,
} from "../helpers/ai";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";
import { redisReachable, startTestBridge, type TestBridge } from "../helpers/redis";

let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});

const SSE = { accept: "text/event-stream" };

/** A request through `app.fetch` that does not wait for the generation (as `t.request` does). */
function send(
  ctx: TestContext,
  path: string,
  init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return ctx.fetch(
    new Request(`http://localhost${path}`, {
      method: init.method ?? "GET",
      headers,
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    }),
  );
}

/** Starts a streamed generation and reads its first event: the stream and the generation id. */
async function startStream(ctx: TestContext, user: TestUser | null, model: ModelRow) {
  const res = await send(ctx, "/api/ai/generate/", {
    method: "POST",
    ...(user ? { token: user.token } : {}),
    headers: SSE,
    json: { model: model.displayName, user_input: USER_INPUT },
  });
  expect(res.status).toBe(200);
  const events = parseSseStream(res.body as ReadableStream<Uint8Array>);
  const first = (await events.next()).value as SseEvent;
  expect(first.id).toMatch(/^[0-9a-f]{32}:1$/);
  return { events, first, gid: (first.id ?? "").split(":")[0] as string };
}

async function rest(events: AsyncGenerator<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const json = async (res: Response) => ({ status: res.status, body: await res.json() });
const textOf = (e: SseEvent) => (JSON.parse(e.data) as { text: string }).text;

async function outcomes(model: ModelRow) {
  const rows = await t.deps.database.db.select().from(aiUsage).where(eq(aiUsage.modelId, model.id));
  return rows.map((r) => r.outcome);
}
async function quota(model: ModelRow) {
  const [row] = await t.deps.database.db
    .select()
    .from(aiQuota)
    .where(eq(aiQuota.modelId, model.id));
  return row;
}
const resumesOf = (user: TestUser) =>
  t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id));

describe("GET /api/ai/generations/{id}/", () => {
  it("running, then done with what it saved; the signed-in owner's alone", async () => {
    const [user, other] = [await createUserWithToken(t), await createUserWithToken(t)];
    const model = await createModel(t);
    // Slow enough to be still running when asked, on a loaded machine too.
    const lines = Array.from({ length: 8 }, (_, i) => `line ${i}\n`);
    t.openai.fallback = { kind: "ok", chunks: lines, chunkDelayMs: 250 };
    const { events, gid } = await startStream(t, user, model);
    const path = `/api/ai/generations/${gid}/`;
    expect(await json(await send(t, path, { token: user.token }))).toEqual({
      status: 200,
      body: {
        id: gid,
        status: "running",
        model: model.displayName,
        kind: "generate",
        resume_id: null,
        cover_letter_id: null,
        created_at: expect.stringMatching(/Z$/),
        finished_at: null,
      },
    });
    const notFound = { status: 404, body: { detail: "Not found." } };
    expect(await json(await send(t, path, { token: other.token }))).toEqual(notFound);
    expect(await json(await send(t, path))).toEqual(notFound);
    expect(await json(await send(t, "/api/ai/generations/nope/"))).toEqual(notFound);
    expect(await json(await send(t, `/api/ai/generations/${"0".repeat(32)}/`))).toEqual(notFound);
    const done = (await rest(events)).at(-1) as SseEvent;
    expect(done.event).toBe("done");
    const { resume_id } = JSON.parse(done.data) as { resume_id: number };
    await t.request("/health"); // lets the job's bookkeeping (waitUntil) finish
    expect(await json(await send(t, path, { token: user.token }))).toMatchObject({
      status: 200,
      body: { status: "done", resume_id, finished_at: expect.stringMatching(/Z$/) },
    });
    expect((await send(t, path, { method: "DELETE", token: other.token })).status).toBe(404);
    expect(await json(await send(t, path, { method: "DELETE", token: user.token }))).toEqual({
      status: 409,
      body: { detail: "This generation has already finished." },
    });
  });

  it("an anonymous generation is read with its id; its stream replays after Last-Event-ID", async () => {
    const model = await createModel(t);
    const res = await generate(t, model.displayName);
    const body = (await res.json()) as { generation_id: string; resume_id: number };
    expect(body.generation_id).toMatch(GENERATION_ID);
    const gid = body.generation_id;
    const someone = await createUserWithToken(t);
    for (const token of [undefined, someone.token]) {
      expect(await json(await send(t, `/api/ai/generations/${gid}/`, { token }))).toMatchObject({
        status: 200,
        body: { status: "done", resume_id: body.resume_id, kind: "generate" },
      });
    }
    const stream = `/api/ai/generations/${gid}/stream/`;
    const all = await send(t, stream, { headers: SSE });
    expect(all.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(all.headers.get("x-ai-model")).toBe(model.displayName);
    const events = await rest(parseSseStream(all.body as ReadableStream<Uint8Array>));
    expect(events).toEqual([
      {
        id: `${gid}:1`,
        event: "done",
        data: JSON.stringify({
          resume_id: body.resume_id,
          model: model.displayName,
          generation_id: gid,
        }),
      },
    ]);
    const after = await send(t, stream, { headers: { ...SSE, "last-event-id": `${gid}:1` } });
    expect(await after.text()).toBe("");
    for (const bad of ["nope", `${gid}:x`, `${"a".repeat(32)}:1`]) {
      const res = await send(t, stream, { headers: { ...SSE, "last-event-id": bad } });
      expect(await json(res)).toEqual({
        status: 400,
        body: { detail: "Last-Event-ID must be <generation_id>:<n>." },
      });
    }
  });
});

describe("DELETE /api/ai/generations/{id}/", () => {
  it.each([
    ["open_router", () => t.openai],
    ["google_gemini", () => t.gemini],
  ] as const)(
    "%s: aborts the provider call, saves nothing, gives the slot back",
    async (provider, fake) => {
      const user = await createUserWithToken(t);
      const model = await createModel(t, { provider, dailyLimit: 1 });
      fake().fallback = { kind: "endless", chunk: "more ", chunkDelayMs: 20 };
      const { events, gid } = await startStream(t, user, model);
      const cancel = await send(t, `/api/ai/generations/${gid}/`, {
        method: "DELETE",
        token: user.token,
      });
      expect(cancel.status).toBe(204);
      expect((await rest(events)).at(-1)).toMatchObject({
        event: "error",
        data: JSON.stringify({ error: CANCELLED_MESSAGE }),
      });
      await fake().waitFor(() => fake().requests[0]?.closedEarly === true);
      await t.request("/health"); // lets the job's bookkeeping finish
      expect(await resumesOf(user)).toEqual([]);
      expect(await quota(model)).toMatchObject({ used: 0, reserved: 0 });
      expect(await outcomes(model)).toEqual(["cancelled"]);
      expect(
        await json(await send(t, `/api/ai/generations/${gid}/`, { token: user.token })),
      ).toMatchObject({
        status: 200,
        body: { status: "cancelled", resume_id: null, finished_at: expect.stringMatching(/Z$/) },
      });
      // Cancelled again: still 204. And the daily limit of 1 is whole again.
      expect(
        (await send(t, `/api/ai/generations/${gid}/`, { method: "DELETE", token: user.token }))
          .status,
      ).toBe(204);
      fake().fallback = { kind: "ok" };
      const again = await generate(t, model.displayName, { token: user.token });
      expect(again.status).toBe(201);
      expect(await quota(model)).toMatchObject({ used: 1, reserved: 0 });
    },
  );
});

/**
 * Two instances over one store: `a` runs the generation, `b` (its own jobs, the same store and
 * database) replays, follows and cancels it through the store alone.
 */
function acrossInstances(instances: () => { a: TestContext; b: TestContext }) {
  it("another instance replays after Last-Event-ID and follows live until done", async () => {
    const { a, b } = instances();
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}\n`);
    t.openai.fallback = { kind: "ok", chunks: lines, chunkDelayMs: 150 };
    const { first, gid } = await startStream(a, user, model);
    const running = await json(await send(b, `/api/ai/generations/${gid}/`, { token: user.token }));
    expect(running).toMatchObject({ status: 200, body: { status: "running" } });
    const res = await send(b, `/api/ai/generations/${gid}/stream/`, {
      token: user.token,
      headers: { ...SSE, "last-event-id": first.id ?? "" },
    });
    const events = await rest(parseSseStream(res.body as ReadableStream<Uint8Array>));
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => `${gid}:${i + 2}`));
    expect([textOf(first), ...events.slice(0, -1).map(textOf)]).toEqual(lines);
    expect(events.at(-1)?.event).toBe("done");
    const { resume_id } = JSON.parse(events.at(-1)?.data ?? "{}") as { resume_id: number };
    const [row] = await t.deps.database.db.select().from(resume).where(eq(resume.id, resume_id));
    expect(row?.content).toBe(lines.join(""));
    expect(await resumesOf(user)).toHaveLength(1);
  });

  it("another instance cancels through the store", async () => {
    const { a, b } = instances();
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 1 });
    t.openai.fallback = { kind: "endless", chunk: "more ", chunkDelayMs: 20 };
    const { events, gid } = await startStream(a, user, model);
    const cancel = await send(b, `/api/ai/generations/${gid}/`, {
      method: "DELETE",
      token: user.token,
    });
    expect(cancel.status).toBe(204);
    expect((await rest(events)).at(-1)?.data).toBe(JSON.stringify({ error: CANCELLED_MESSAGE }));
    await t.openai.waitFor(() => t.openai.requests[0]?.closedEarly === true);
    expect(await resumesOf(user)).toEqual([]);
    await a.request("/health");
    expect(await quota(model)).toMatchObject({ used: 0, reserved: 0 });
  });
}

describe("across instances, the in-process store", () => {
  let b: TestContext;
  beforeAll(async () => {
    // Other deps (another instance's jobs) over the same store.
    b = await createTestContext({ deps: { kv: t.deps.kv }, database: t.deps.database });
  });
  afterAll(() => b.close());
  acrossInstances(() => ({ a: t, b }));
});

describe("across instances, Redis over HTTP (TEST_REDIS_URL)", async () => {
  const reachable = await redisReachable();
  let bridge: TestBridge;
  let a: TestContext;
  let b: TestContext;
  beforeAll(async () => {
    if (!reachable) return;
    bridge = await startTestBridge();
    const env = {
      OPENROUTER_BASE_URL: t.openai.url,
      OPENAI_TEST_KEY: "or-key-1",
      AI_TIMEOUT_MS: "2000",
    };
    const open = () =>
      createTestContext({
        env,
        deps: { kv: createUpstashKv(bridge.appClient()), ai: t.deps.ai },
        database: t.deps.database,
      });
    [a, b] = [await open(), await open()];
  });
  afterAll(async () => {
    if (!reachable) return;
    await a.close();
    await b.close();
    await bridge.close();
  });
  describe.skipIf(!reachable)("", () => acrossInstances(() => ({ a, b })));
});

describe("typed client", () => {
  /** Cuts the first streamed answer after `events` events, as a dropped connection would. */
  function cuttingFetch(ctx: TestContext, events: number) {
    const seen: { path: string; lastEventId: string | null }[] = [];
    let cut = false;
    const doFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(String(input), init);
      seen.push({ path: new URL(req.url).pathname, lastEventId: req.headers.get("last-event-id") });
      const res = await ctx.fetch(req);
      if (cut || !res.body || !res.headers.get("content-type")?.startsWith("text/event-stream"))
        return res;
      cut = true;
      const reader = res.body.getReader();
      let text = "";
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          // Cut on the read after the one that passed `events` events (an error would discard
          // what is still queued, which a real network delivers).
          if (text.split("\n\n").length > events) {
            await reader.cancel();
            return c.error(new TypeError("network error"));
          }
          const { done, value } = await reader.read();
          if (done) return c.close();
          text += new TextDecoder().decode(value);
          c.enqueue(value);
        },
      });
      return new Response(body, res);
    };
    return { doFetch, seen };
  }

  it("resumes a dropped stream with Last-Event-ID: every chunk once, saved once", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    const lines = Array.from({ length: 8 }, (_, i) => `line ${i}\n`);
    t.openai.fallback = { kind: "ok", chunks: lines, chunkDelayMs: 30 };
    const { doFetch, seen } = cuttingFetch(t, 2);
    const api = createResumateClient({ baseUrl: "http://localhost", fetch: doFetch });
    api.tokens.set({ access: user.token, refresh: "unused" });
    const started = await api.generateStream({ model: model.displayName, user_input: USER_INPUT });
    if (!started.ok) throw new Error(`generate: ${started.status}`);
    const got: GenerateEvent[] = [];
    for await (const e of started.data) got.push(e);
    expect(got.slice(0, -1)).toEqual(lines.map((text) => ({ event: "chunk", data: { text } })));
    const done = got.at(-1);
    expect(done).toMatchObject({ event: "done", data: { model: model.displayName } });
    expect(seen.map((s) => s.path)).toEqual([
      "/api/ai/generate/",
      expect.stringMatching(/^\/api\/ai\/generations\/[0-9a-f]{32}\/stream\/$/),
    ]);
    // Resumed after the last event that went through (the second, or later when they came bunched).
    expect(seen[1]?.lastEventId).toMatch(/^[0-9a-f]{32}:([2-9]|10)$/);
    await t.request("/health");
    expect((await resumesOf(user)).map((r) => r.content)).toEqual([lines.join("")]);
    expect(t.openai.requests).toHaveLength(1);
  });
});
