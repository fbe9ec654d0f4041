import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { aiUsage, authUser, resume } from "../../src/db/schema";
import { type AiTestContext, createModel, generate, useAiTestContext } from "../helpers/ai";
import { uniqueName } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});

const createResume = (user: TestUser, key: string | undefined, title = "CV") =>
  t.request("/api/resumes/", {
    method: "POST",
    token: user.token,
    headers: key === undefined ? {} : { "Idempotency-Key": key },
    json: { title, content: "# Me" },
  });

async function resumesOf(user: TestUser) {
  return t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id));
}

describe("Idempotency-Key", () => {
  it("replays the first answer (status, body, Location) and writes once", async () => {
    const user = await createUserWithToken(t);
    const first = await createResume(user, "k-1");
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const body = await first.text();
    const again = await createResume(user, "k-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(await again.text()).toBe(body);
    expect(await resumesOf(user)).toHaveLength(1);
    // Another key, or none, is another request.
    expect((await createResume(user, "k-2")).status).toBe(201);
    expect((await createResume(user, undefined)).status).toBe(201);
    expect(await resumesOf(user)).toHaveLength(3);
  });

  it("the same key with another body is 422 and writes nothing", async () => {
    const user = await createUserWithToken(t);
    expect((await createResume(user, "same", "A")).status).toBe(201);
    const other = await createResume(user, "same", "B");
    expect({ status: other.status, body: await other.json() }).toEqual({
      status: 422,
      body: { detail: "This Idempotency-Key was already used with a different request." },
    });
    expect((await resumesOf(user)).map((r) => r.title)).toEqual(["A"]);
  });

  it("keys are per user: another user's same key runs", async () => {
    const a = await createUserWithToken(t);
    const b = await createUserWithToken(t);
    expect((await createResume(a, "shared")).status).toBe(201);
    const res = await createResume(b, "shared");
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(await resumesOf(b)).toHaveLength(1);
  });

  it("a 4xx is kept too; a malformed key is 400", async () => {
    const user = await createUserWithToken(t);
    const bad = () =>
      t.request("/api/resumes/", {
        method: "POST",
        token: user.token,
        headers: { "Idempotency-Key": "bad-body" },
        json: { title: "" },
      });
    const first = await bad();
    expect(first.status).toBe(400);
    const again = await bad();
    expect(again.status).toBe(400);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    for (const key of ["x".repeat(256), "tab\there", "é"]) {
      const res = await createResume(user, key);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 400,
        body: { detail: "Idempotency-Key must be 1 to 255 printable ASCII characters." },
      });
    }
    expect(await resumesOf(user)).toHaveLength(0);
  });

  it("expires after 24 hours", async () => {
    const session = await createUserWithToken(t);
    // A token that outlives the clock's jump (the access JWT lasts 5 minutes).
    const made = await t.request("/api/auth/tokens/", {
      method: "POST",
      token: session.token,
      json: { name: "day", scopes: ["resumes:write"], expires_in_days: null },
    });
    const user = { ...session, token: ((await made.json()) as { token: string }).token };
    expect((await createResume(user, "day")).status).toBe(201);
    t.clock.advance(24 * 3600 * 1000 + 1000);
    const res = await createResume(user, "day");
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(await resumesOf(user)).toHaveLength(2);
  });

  it("a kept answer is never another user's: a new account with the id again (a reset database) runs anew", async () => {
    const user = await createUserWithToken(t);
    const first = await createResume(user, "reset-1", "A's CV");
    expect(first.status).toBe(201);
    // The database is reset or restored while the store keeps its answers: the id is taken by
    // another account (another moment of joining); the old JWT names the id, so it signs in as it.
    const db = t.deps.database.db;
    await db.delete(authUser).where(eq(authUser.id, user.id));
    await db.insert(authUser).values({
      id: user.id,
      password: "!",
      username: uniqueName(),
      dateJoined: "2031-01-01T00:00:00.123456Z",
    });
    const second = await createResume(user, "reset-1", "B's CV");
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
    expect(await second.json()).toMatchObject({ title: "B's CV" });
    expect((await resumesOf(user)).map((r) => r.title)).toEqual(["B's CV"]);
  });

  it("anonymous callers are keyed by IP", async () => {
    const username = uniqueName();
    const register = (ip: string) =>
      t.request("/api/auth/register/", {
        method: "POST",
        ip,
        headers: { "Idempotency-Key": "signup" },
        json: {
          username,
          email: `${username}@example.com`,
          password: "Vq7#mulberry-Lantern",
          password2: "Vq7#mulberry-Lantern",
        },
      });
    const first = await register("10.1.1.1");
    expect(first.status).toBe(201);
    const replay = await register("10.1.1.1");
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const elsewhere = await register("10.2.2.2");
    expect(elsewhere.status).toBe(400); // ran: the username is taken now
  });
});

describe("Idempotency-Key on generation", () => {
  it("a generation is paid once: the replay calls no model and adds no ledger row", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    const headers = { "Idempotency-Key": "gen-1" };
    const first = await generate(t, model.displayName, { token: user.token, headers });
    expect(first.status).toBe(201);
    const again = await generate(t, model.displayName, { token: user.token, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("x-ai-model")).toBe(first.headers.get("x-ai-model"));
    expect(await again.json()).toEqual(await first.json());
    expect(t.openai.requests).toHaveLength(1);
    const ledger = await t.deps.database.db
      .select()
      .from(aiUsage)
      .where(eq(aiUsage.modelId, model.id));
    expect(ledger).toHaveLength(1);
  });

  it("409 while the first still runs; then the replay", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    t.openai.script({ kind: "ok", delayMs: 300 });
    const headers = { "Idempotency-Key": "slow" };
    const first = generate(t, model.displayName, { token: user.token, headers });
    await t.openai.waitFor(() => t.openai.requests.length === 1);
    const during = await generate(t, model.displayName, { token: user.token, headers });
    expect({ status: during.status, body: await during.json() }).toEqual({
      status: 409,
      body: {
        detail: "A request with this Idempotency-Key is still being processed; retry later.",
      },
    });
    expect((await first).status).toBe(201);
    const after = await generate(t, model.displayName, { token: user.token, headers });
    expect(after.headers.get("idempotent-replayed")).toBe("true");
    expect(t.openai.requests).toHaveLength(1);
  });

  it("a 5xx is not kept: the retry runs", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    t.openai.script(
      { kind: "status", status: 500 },
      { kind: "status", status: 500 },
      { kind: "status", status: 500 },
    );
    const headers = { "Idempotency-Key": "flaky" };
    const failed = await generate(t, model.displayName, { token: user.token, headers });
    expect(failed.status).toBe(503);
    const retried = await generate(t, model.displayName, { token: user.token, headers });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });

  it("a streamed answer cannot take a key (400, nothing generated)", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    const res = await generate(t, model.displayName, {
      token: user.token,
      headers: { "Idempotency-Key": "sse", Accept: "text/event-stream" },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      detail:
        "An Idempotency-Key cannot be used with a streamed answer (Accept: text/event-stream); ask for JSON.",
    });
    expect(t.openai.requests).toHaveLength(0);
  });
});
