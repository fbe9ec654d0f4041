import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResumateClient, newIdempotencyKey } from "../../src/client";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const fetchApp: typeof fetch = (input, init) =>
  t.request(new URL(String(input)).pathname + new URL(String(input)).search, init);
const password = "correct horse battery staple";

describe("typed client: personal tokens, idempotency keys, ETags", () => {
  it("mints a token with a session, then works with the token alone", async () => {
    const session = createResumateClient({ baseUrl: "http://localhost", fetch: fetchApp });
    const username = uniqueName();
    await session.post("/api/auth/register/", {
      body: { username, email: `${username}@example.com`, password, password2: password },
    });
    await session.login(username, password);
    const made = await session.post("/api/auth/tokens/", {
      body: { name: "script", scopes: ["resumes:write"], expires_in_days: 7 },
    });
    if (!made.ok) throw new Error(`token: ${made.status}`);
    expect(made.data.token).toMatch(/^rsm_pat_/);

    const script = createResumateClient({
      baseUrl: "http://localhost",
      fetch: fetchApp,
      personalToken: made.data.token,
    });
    const key = newIdempotencyKey();
    const body = { title: "From a script", content: "# Me" };
    const first = await script.post("/api/resumes/", { body, idempotencyKey: key });
    const again = await script.post("/api/resumes/", { body, idempotencyKey: key });
    if (!first.ok || !again.ok) throw new Error("create failed");
    expect(again.data.id).toBe(first.data.id);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");

    const id = first.data.id;
    const read = await script.get("/api/resumes/{id}/", { params: { id } });
    const etag = read.response.headers.get("etag") ?? "";
    const notModified = await script.get("/api/resumes/{id}/", {
      params: { id },
      ifNoneMatch: etag,
    });
    expect(notModified.status).toBe(304);
    const changed = await script.patch("/api/resumes/{id}/", {
      params: { id },
      body: { title: "Changed" },
      ifMatch: etag,
    });
    expect(changed.ok).toBe(true);
    const stale = await script.patch("/api/resumes/{id}/", {
      params: { id },
      body: { title: "Again" },
      ifMatch: etag,
    });
    expect(stale.status).toBe(412);

    // The options exist only where the route declares the policy (typecheck).
    // @ts-expect-error: the list has no entity tags
    await script.get("/api/resumes/", { ifNoneMatch: etag });
    // @ts-expect-error: logging out is not idempotent-keyed
    await script.post("/api/auth/logout/", { body: { refresh: "x" }, idempotencyKey: key });

    // The token's scopes hold; the session's management stays the session's.
    expect((await script.get("/api/job-applications/")).status).toBe(403);
    expect((await script.get("/api/auth/tokens/")).status).toBe(403);
    const list = await session.get("/api/auth/tokens/");
    expect(list.ok && list.data.map((x) => x.name)).toEqual(["script"]);
  });
});
