import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resume } from "../../src/db/schema";
import { createNodeErrorReporter } from "../../src/entry/node-sentry";
import { createWorkerErrorReporter } from "../../src/entry/worker-sentry";
import { createAiTestContext, createModel, generate, parseSse } from "../helpers/ai";
import { createTestContext, openTestDatabase, type TestContext, testConfig } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";
import { type FakeSentry, startFakeSentry } from "../helpers/fake-sentry";

/**
 * Error tracking with the real @sentry/node client sending over HTTP to a local server that
 * speaks Sentry's envelope endpoint: a forced 500 arrives once, with the request id, route
 * template and release, and without the body, password, token, key or resume text.
 */
const RESUME_TEXT = "SECRET-RESUME-TEXT about Ann's salary";
const PASSWORD = "Vq7#mulberry-Lantern";
let sentry: FakeSentry;
let t: TestContext;
let user: TestUser;
let reporter: Awaited<ReturnType<typeof createNodeErrorReporter>>;

beforeAll(async () => {
  sentry = await startFakeSentry();
  const env = { SENTRY_DSN: sentry.dsn, SENTRY_RELEASE: "resumate-api@test" };
  reporter = await createNodeErrorReporter(testConfig(env));
  const database = await openTestDatabase();
  // The insert fails the way a failed query does: its message carries the statement's values.
  // Inside a transaction too (the create writes its row and its webhook events in one).
  const failingDb = <D extends object>(db: D): D =>
    new Proxy(db, {
      // Drizzle's methods, called with their own database (or transaction) as `this`.
      get(target, prop) {
        if (prop === "insert") {
          return (table: unknown) => {
            if (table !== resume)
              return (Reflect.get(target, prop) as (t: unknown) => unknown).call(target, table);
            throw new Error(
              `Failed query: insert into resume_resume params: ${RESUME_TEXT}, ${PASSWORD}, Bearer eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.sig`,
            );
          };
        }
        if (prop === "transaction") {
          return (fn: (tx: object) => unknown, ...rest: unknown[]) =>
            (Reflect.get(target, prop) as (...a: unknown[]) => unknown).call(
              target,
              (tx: object) => fn(failingDb(tx)),
              ...rest,
            );
        }
        return Reflect.get(target, prop);
      },
    });
  const failing = failingDb(database.db);
  t = await createTestContext({
    env,
    database,
    deps: { database: { ...database, db: failing }, ...(reporter ? { errors: reporter } : {}) },
  });
  user = await createUserWithToken(t);
});
afterAll(async () => {
  await t?.close();
  await sentry?.close();
});

describe("Sentry (SENTRY_DSN set)", () => {
  it("reports a forced 500 once, scrubbed, with the request id, route and release", async () => {
    const res = await t.request("/api/resumes/", {
      method: "POST",
      token: user.token,
      json: { title: "CV", content: RESUME_TEXT },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ detail: "Internal server error." });
    await reporter?.flush(5000);
    const events = sentry.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      release: "resumate-api@test",
      tags: {
        request_id: res.headers.get("x-request-id"),
        route: "/api/resumes",
        method: "POST",
        status: "500",
      },
      exception: { values: [{ type: "Error", value: "Error" }] },
    });
    const raw = sentry.envelopes.map((e) => e.raw).join("\n");
    for (const secret of [
      RESUME_TEXT,
      PASSWORD,
      user.token,
      "eyJhbGciOiJIUzI1NiJ9",
      "Bearer",
      t.deps.config.secretKey,
    ]) {
      expect(raw).not.toContain(secret);
    }
  });

  it("reports nothing for a 4xx", async () => {
    const before = sentry.events().length;
    const res = await t.request("/api/resumes/", { method: "POST", token: user.token, json: {} });
    expect(res.status).toBe(400);
    await reporter?.flush(2000);
    expect(sentry.events()).toHaveLength(before);
  });

  it("the Workers client (@sentry/core, fetch transport) sends the same scrubbed event", async () => {
    const pending: Promise<unknown>[] = [];
    const forRequest = createWorkerErrorReporter({
      dsn: sentry.dsn,
      release: "resumate-api@worker",
      environment: "test",
    });
    const before = sentry.events().length;
    const worker = await createTestContext({
      env: { SENTRY_DSN: sentry.dsn },
      database: t.deps.database,
      deps: { database: t.deps.database, errors: forRequest((p) => void pending.push(p)) },
    });
    try {
      const res = await worker.request("/api/resumes/", {
        method: "POST",
        token: user.token,
        json: { title: "CV", content: RESUME_TEXT },
      });
      expect(res.status).toBe(500);
      await Promise.all(pending);
      const events = sentry.events().slice(before);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        release: "resumate-api@worker",
        tags: { request_id: res.headers.get("x-request-id"), route: "/api/resumes", status: "500" },
      });
      expect(sentry.envelopes.map((e) => e.raw).join("\n")).not.toContain(RESUME_TEXT);
    } finally {
      await worker.close();
    }
  });

  it("is off without SENTRY_DSN", async () => {
    expect(await createNodeErrorReporter(testConfig())).toBeUndefined();
  });
});

describe("Sentry: AI failures that end in a 503", () => {
  it("reports the provider's failure once per request, JSON and stream alike, without the prompt", async () => {
    const ai = await createAiTestContext({ SENTRY_DSN: sentry.dsn, AI_MAX_RETRIES: "0" });
    const collect = await createNodeErrorReporter(ai.deps.config);
    if (collect) ai.deps.errors = collect;
    try {
      const model = await createModel(ai);
      ai.openai.fallback = { kind: "status", status: 502 };
      const before = sentry.events().length;
      const prompt =
        "PROMPT-SECRET: ten years of payroll engineering at Fjord Logistics, led four people.";
      const json = await generate(ai, model.displayName, { input: prompt });
      expect(json.status).toBe(503);
      const stream = await generate(ai, model.displayName, {
        input: prompt,
        headers: { accept: "text/event-stream" },
      });
      expect(parseSse(await stream.text()).map((e) => e.event)).toEqual(["error"]);
      await collect?.flush(5000);
      const events = sentry.events().slice(before);
      expect(events.map((e) => (e.tags as { status: string }).status)).toEqual(["503", "503"]);
      expect(events[0]).toMatchObject({ tags: { route: "/api/ai/generate" } });
      expect(sentry.envelopes.map((e) => e.raw).join("\n")).not.toContain("PROMPT-SECRET");
    } finally {
      await ai.close();
    }
  });
});
