import { afterEach, describe, expect, it } from "vitest";
import { parseSseStream, type SseEvent } from "../../../src/client/sse";
import { USER_INPUT } from "../../helpers/ai";
import { apiSuite, login, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

/**
 * Generations survive the network, over real HTTP on the Node server (and on workerd with
 * E2E_WORKER=1): a reader that drops and resumes from its last event id gets exactly the rest
 * and the resume is saved once; a cancel aborts the provider call and gives the slot back.
 */
const SSE = { accept: "text/event-stream" };
const CANCELLED = JSON.stringify({ error: "The generation was cancelled." });

afterEach(async () => {
  await apiSuite().openai.reset();
});

/** A streamed generation over a real connection, its first `count` events read. */
async function startStream(token: string, model: string, count: number) {
  const { target } = apiSuite();
  const ctl = new AbortController();
  const res = await fetch(`${target.url}/api/ai/generate/`, {
    method: "POST",
    signal: ctl.signal,
    headers: { ...SSE, "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ model, user_input: USER_INPUT, title: "Survives" }),
  });
  expect(res.status).toBe(200);
  const events = parseSseStream(res.body as ReadableStream<Uint8Array>);
  const read: SseEvent[] = [];
  while (read.length < count) read.push((await events.next()).value as SseEvent);
  const last = read.at(-1)?.id ?? "";
  expect(last).toMatch(new RegExp(`^[0-9a-f]{32}:${count}$`));
  return { ctl, events, read, last, gid: last.split(":")[0] as string };
}

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const textOf = (e: SseEvent) => (JSON.parse(e.data) as { text: string }).text;

describe("generations", () => {
  it("a reader that drops after two events and resumes from the last id gets exactly the rest; saved once", async () => {
    const { target, openai } = apiSuite();
    const me = await signUp(target);
    const lines = Array.from({ length: 10 }, (_, i) => `- line ${i}\n`);
    await openai.reset();
    await openai.setFallback({ kind: "ok", chunks: lines, chunkDelayMs: 50 });
    const { ctl, read, last, gid } = await startStream(me.access, "Deepseek", 2);
    ctl.abort();
    const res = await fetch(`${target.url}/api/ai/generations/${gid}/stream/`, {
      headers: { ...SSE, authorization: `Bearer ${me.access}`, "last-event-id": last },
    });
    expect(res.status).toBe(200);
    const rest: SseEvent[] = [];
    for await (const e of parseSseStream(res.body as ReadableStream<Uint8Array>)) rest.push(e);
    expect(rest.map((e) => e.id)).toEqual(rest.map((_, i) => `${gid}:${i + 3}`));
    expect([...read, ...rest.slice(0, -1)].map(textOf)).toEqual(lines);
    const done = rest.at(-1) as SseEvent;
    expect(done.event).toBe("done");
    const { resume_id } = JSON.parse(done.data) as { resume_id: number };
    const saved = await call(target, "GET", `/api/resumes/${resume_id}/`, { token: me.access });
    expect(saved.body).toMatchObject({ title: "Survives", content: lines.join("") });
    const mine = await call(target, "GET", "/api/resumes/", { token: me.access });
    const titles = (mine.body as { title: string }[]).map((r) => r.title);
    expect(titles.filter((t) => t === "Survives")).toHaveLength(1);
    expect(await openai.requests()).toHaveLength(1);
    const status = await call(target, "GET", `/api/ai/generations/${gid}/`, { token: me.access });
    expect(status.body).toMatchObject({ id: gid, status: "done", resume_id, kind: "generate" });
    const other = await signUp(target);
    const hidden = await call(target, "GET", `/api/ai/generations/${gid}/`, {
      token: other.access,
    });
    expect(hidden.status).toBe(404);
  });

  it("a cancel aborts the provider call, saves nothing and a daily limit of 1 is whole again", async () => {
    const { target, openai, staff } = apiSuite();
    const admin = await login(target, staff.username, staff.password);
    const name = `Once ${crypto.randomUUID().slice(0, 8)}`;
    const created = await call(target, "POST", "/api/admin/ai-models/", {
      token: admin.access,
      json: {
        display_name: name,
        model_name: "vendor/once",
        api_provider: "open_router",
        api_key_name: "OPENROUTER_API_KEY",
        daily_limit: 1,
      },
    });
    expect(created.status).toBe(201);
    const me = await signUp(target);
    await openai.reset();
    await openai.setFallback({ kind: "endless", chunk: "more ", chunkDelayMs: 20 });
    const { events, gid } = await startStream(me.access, name, 1);
    const cancel = await call(target, "DELETE", `/api/ai/generations/${gid}/`, {
      token: me.access,
    });
    expect(cancel.status).toBe(204);
    let final: SseEvent | undefined;
    for await (const e of events) final = e;
    expect(final).toMatchObject({ event: "error", data: CANCELLED });
    const requests = await until(
      () => openai.requests(),
      (r) => r[0]?.closedEarly === true,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]?.closedEarly).toBe(true);
    const status = await call(target, "GET", `/api/ai/generations/${gid}/`, { token: me.access });
    expect(status.body).toMatchObject({ status: "cancelled", resume_id: null });
    const mine = await call(target, "GET", "/api/resumes/", { token: me.access });
    expect(mine.body).toEqual([]);
    await openai.setFallback({ kind: "ok" });
    const again = await call(target, "POST", "/api/ai/generate/", {
      token: me.access,
      json: { model: name, user_input: USER_INPUT },
    });
    expect(again.status).toBe(201);
    await call(target, "DELETE", `/api/admin/ai-models/${(created.body as { id: number }).id}/`, {
      token: admin.access,
    });
  });
});
