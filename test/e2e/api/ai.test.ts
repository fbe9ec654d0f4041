import { describe, expect, it } from "vitest";
import { MODELS_CACHE_KEY } from "../../../src/features/ai/ai.service";
import { EXAMPLES_CACHE_KEY } from "../../../src/features/examples/examples.service";
import { USER_INPUT } from "../../helpers/ai";
import { parseSse } from "../../helpers/contract";
import { apiSuite, dropCacheKey, signUp, untilHit } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";
import { DEFAULT_CHUNKS } from "../../helpers/fake-provider";

const TEXT = DEFAULT_CHUNKS.join("");
const MISS = { "x-cache-status": "MISS", cache_status: "MISS (Response from database)" };

const cacheOf = (res: { headers: Headers; body: unknown }) => ({
  "x-cache-status": res.headers.get("x-cache-status"),
  cache_status: (res.body as { cache_status: string }).cache_status,
});

const get = apiSuite;

describe("examples", () => {
  it("list: MISS from the database, then HIT from the cache; one by id", async () => {
    const { target } = get();
    await dropCacheKey(target, EXAMPLES_CACHE_KEY);
    const first = await call(target, "GET", "/api/example-job-applications/");
    expect(first.status).toBe(200);
    expect(cacheOf(first)).toEqual(MISS);
    const data = (first.body as { data: { id: number; is_example: boolean }[] }).data;
    expect(data.length).toBeGreaterThan(0);
    expect(data.length).toBeLessThanOrEqual(5);
    expect(data.every((a) => a.is_example)).toBe(true);
    const second = await untilHit(target, "/api/example-job-applications");
    expect(cacheOf(second)).toEqual({
      "x-cache-status": "HIT",
      cache_status: "HIT (Response from Redis cache)",
    });
    expect((second.body as { data: unknown }).data).toEqual(data);
    const one = await call(target, "GET", `/api/example-job-applications/${data[0]?.id}/`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(data[0]);
    const missing = await call(target, "GET", "/api/example-job-applications/2000000000/");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: "Not found." });
  });
});

describe("ai", () => {
  it("models: the seeded display names, public fields only, cached", async () => {
    const { target } = get();
    await dropCacheKey(target, MODELS_CACHE_KEY);
    const first = await call(target, "GET", "/api/ai/models/");
    expect(first.status).toBe(200);
    expect(cacheOf(first)).toEqual(MISS);
    const data = (first.body as { data: Record<string, unknown>[] }).data;
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ model_name: "Gemini", login_required: true }),
        expect.objectContaining({ model_name: "Deepseek", login_required: false }),
        expect.objectContaining({ model_name: "Cypher", login_required: false }),
      ]),
    );
    expect(
      data.every(
        (m) =>
          Object.keys(m).sort().join() ===
          "description,login_required,model_name,response_time_info",
      ),
    ).toBe(true);
    expect((await untilHit(target, "/api/ai/models")).headers.get("x-cache-status")).toBe("HIT");
  });

  it("generate: 201 {resume_id, content}, saved for the caller", async () => {
    const { target, openai } = get();
    const me = await signUp(target);
    await openai.reset();
    const res = await call(target, "POST", "/api/ai/generate/", {
      token: me.access,
      json: { model: "deepseek", user_input: USER_INPUT, title: "Nurse CV" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-ai-model")).toBe("Deepseek");
    const { resume_id } = res.body as { resume_id: number };
    expect(res.body).toEqual({
      resume_id: expect.any(Number),
      content: TEXT,
      generation_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const requests = await openai.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.apiKey).toBe("e2e-openrouter-key");
    expect(requests[0]?.body).toMatchObject({ model: "deepseek/deepseek-r1" });
    const saved = await call(target, "GET", `/api/resumes/${resume_id}/`, { token: me.access });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      id: resume_id,
      user: me.username,
      title: "Nurse CV",
      content: TEXT,
    });
  });

  it("generate streaming: chunk events, then done with the saved resume's id and the model", async () => {
    const { target, gemini } = get();
    const me = await signUp(target);
    await gemini.reset();
    const res = await call(target, "POST", "/api/ai/generate/", {
      token: me.access,
      headers: { accept: "text/event-stream" },
      json: { model: "Gemini", user_input: USER_INPUT },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-ai-model")).toBe("Gemini");
    const events = parseSse(String(res.body)).map((e) => ({
      event: e.event,
      data: JSON.parse(e.data),
    }));
    expect(events.slice(0, -1)).toEqual(
      DEFAULT_CHUNKS.map((text) => ({ event: "chunk", data: { text } })),
    );
    expect(events.at(-1)).toEqual({
      event: "done",
      data: {
        resume_id: expect.any(Number),
        model: "Gemini",
        generation_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    });
    const requests = await gemini.requests();
    expect(requests[0]?.apiKey).toBe("e2e-gemini-key");
    expect(requests[0]?.path).toContain("gemini-2.0-flash-exp:streamGenerateContent");
    const id = (events.at(-1)?.data as { resume_id?: number } | undefined)?.resume_id ?? -1;
    const saved = await call(target, "GET", `/api/resumes/${id}/`, { token: me.access });
    expect(saved.body).toMatchObject({ title: "Untitled Resume", content: TEXT });

    const usage = await call(target, "GET", "/api/ai/usage/", { token: me.access });
    expect(usage.status).toBe(200);
    const body = usage.body as { date: string; models: Record<string, unknown>[] };
    expect(body.date).toBe(new Date().toISOString().slice(0, 10));
    expect(body.models).toEqual(
      expect.arrayContaining([
        { model_name: "Gemini", daily_limit: 5, used: 1, remaining: 4 },
        { model_name: "Deepseek", daily_limit: 0, used: 0, remaining: null },
      ]),
    );
  });

  it("generate: 400 for an unknown model or short input, 401 anonymous on Gemini", async () => {
    const { target, gemini } = get();
    await gemini.reset();
    const bad = await call(target, "POST", "/api/ai/generate/", {
      json: { model: "NoSuchModel", user_input: USER_INPUT },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ model: ["This model is not valid or is currently disabled."] });
    const short = await call(target, "POST", "/api/ai/generate/", {
      json: { model: "Deepseek", user_input: "too short" },
    });
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ user_input: ["Ensure this field has at least 50 characters."] });
    const anon = await call(target, "POST", "/api/ai/generate/", {
      json: { model: "Gemini", user_input: USER_INPUT },
    });
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ detail: "Authentication credentials were not provided." });
    expect(await gemini.requests()).toHaveLength(0);
    const usage = await call(target, "GET", "/api/ai/usage/");
    expect(usage.status).toBe(401);
  });
});
