import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { apiSuite, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

/**
 * Personal tokens, idempotency keys and conditional writes (issue 25) on the real server (Node,
 * or workerd with real PostgreSQL and Redis with E2E_WORKER=1).
 */
describe("personal tokens, Idempotency-Key, ETag", () => {
  it("a token works within its scope, is 403 outside it and 401 once revoked", async () => {
    const { target } = apiSuite();
    const me = await signUp(target);
    const made = await call(target, "POST", "/api/auth/tokens/", {
      token: me.access,
      json: { name: "script", scopes: ["resumes:read"] },
    });
    expect(made.status).toBe(201);
    const { id, token } = made.body as { id: number; token: string };
    expect(token).toMatch(/^rsm_pat_[0-9A-Za-z]{36}$/);

    const cv = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      json: { title: "CV", content: "# Me" },
    });
    expect(cv.status).toBe(201);
    const read = await call(target, "GET", "/api/resumes/", { token });
    expect(read.status).toBe(200);
    expect((read.body as { id: number }[]).map((r) => r.id)).toEqual([
      (cv.body as { id: number }).id,
    ]);
    const write = await call(target, "POST", "/api/resumes/", {
      token,
      json: { title: "From a script", content: "# Me" },
    });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({ detail: 'This token does not have the scope "resumes:write".' });
    const manage = await call(target, "GET", "/api/auth/tokens/", { token });
    expect(manage.status).toBe(403);

    const revoked = await call(target, "DELETE", `/api/auth/tokens/${id}/`, { token: me.access });
    expect(revoked.status).toBe(204);
    const after = await call(target, "GET", "/api/resumes/", { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: "token_not_valid" });
    const list = await call(target, "GET", "/api/resumes/", { token: me.access });
    expect((list.body as unknown[]).length).toBe(1);
  });

  it("an Idempotency-Key replays the first answer and writes one row", async () => {
    const { target } = apiSuite();
    const me = await signUp(target);
    const key = randomUUID();
    const json = { company_name: "Acme", job_title: "Backend engineer" };
    const post = (body: unknown) =>
      call(target, "POST", "/api/job-applications/", {
        token: me.access,
        json: body,
        headers: { "idempotency-key": key },
      });
    const first = await post(json);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post(json);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    const other = await post({ ...json, company_name: "Other" });
    expect(other.status).toBe(422);

    const rows = await call(target, "GET", "/api/job-applications/", { token: me.access });
    expect((rows.body as { id: number }[]).map((r) => r.id)).toEqual([
      (first.body as { id: number }).id,
    ]);
  });

  it("a resume's ETag: 304 on If-None-Match, 412 on a stale If-Match and nothing changed", async () => {
    const { target } = apiSuite();
    const me = await signUp(target);
    const made = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      json: { title: "CV", content: "# Me" },
    });
    const path = `/api/resumes/${(made.body as { id: number }).id}/`;
    const read = await call(target, "GET", path, { token: me.access });
    const etag = read.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const cached = await call(target, "GET", path, {
      token: me.access,
      headers: { "if-none-match": etag },
    });
    expect(cached.status).toBe(304);

    const first = await call(target, "PATCH", path, {
      token: me.access,
      json: { title: "First writer" },
      headers: { "if-match": etag },
    });
    expect(first.status).toBe(200);
    const newTag = first.headers.get("etag");
    expect(newTag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(newTag).not.toBe(etag);
    const second = await call(target, "PATCH", path, {
      token: me.access,
      json: { title: "Second writer" },
      headers: { "if-match": etag },
    });
    expect(second.status).toBe(412);
    const now = await call(target, "GET", path, { token: me.access });
    expect(now.body).toMatchObject({ title: "First writer" });
    expect(now.headers.get("etag")).toBe(newTag);
  });
});
