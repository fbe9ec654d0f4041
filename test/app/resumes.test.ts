import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResume } from "../helpers/api";
import { createTestContext, type TestContext, usingRealPostgres } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/** The resume these tests start from. */
const CV = { title: "CV", content: "# Me" };

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe("resumes: success", () => {
  it("creates, reads, lists newest-updated first, updates and deletes", async () => {
    const user = await createUserWithToken(t);
    const res = await t.request("/api/resumes/", {
      method: "POST",
      token: user.token,
      json: { title: "  Backend CV ", content: "# Jane\n\nPython" },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toEqual({
      id: expect.any(Number),
      user: user.username,
      title: "Backend CV",
      content: "# Jane\n\nPython",
      created_at: expect.stringMatching(ISO),
      updated_at: created.created_at,
    });
    const second = await createResume(t, user, { ...CV, title: "Second" });

    t.clock.advance(1000);
    const put = await t.request(`/api/resumes/${created.id}/`, {
      method: "PUT",
      token: user.token,
      json: { title: "Renamed", content: "new" },
    });
    expect(put.status).toBe(200);
    const updated = (await put.json()) as Record<string, unknown>;
    expect(updated).toMatchObject({ id: created.id, title: "Renamed", content: "new" });
    expect(updated.updated_at).not.toBe(created.updated_at);
    expect(updated.created_at).toBe(created.created_at);

    const list = await t.request("/api/resumes", { token: user.token });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { id: number }[]).map((r) => r.id)).toEqual([
      created.id,
      second.id,
    ]);

    const get = await t.request(`/api/resumes/${second.id}`, { token: user.token });
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ id: second.id, title: "Second", user: user.username });

    const del = await t.request(`/api/resumes/${second.id}/`, {
      method: "DELETE",
      token: user.token,
    });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    const gone = await t.request(`/api/resumes/${second.id}/`, { token: user.token });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ detail: "Not found." });
  });

  it("PATCH changes only the fields sent", async () => {
    const r = await createResume(t, alice, { title: "Keep", content: "old body" });
    t.clock.advance(1000);
    const res = await t.request(`/api/resumes/${r.id}`, {
      method: "PATCH",
      token: alice.token,
      json: { content: "new body" },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ title: "Keep", content: "new body", user: alice.username });
    expect(body.updated_at).not.toBe(r.updated_at);
  });

  it("ignores read-only fields (mass assignment)", async () => {
    const res = await t.request("/api/resumes/", {
      method: "POST",
      token: alice.token,
      json: {
        title: "Mine",
        content: "x",
        user: bob.username,
        user_id: bob.id,
        id: 1,
        created_at: "2000-01-01T00:00:00Z",
      },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.user).toBe(alice.username);
    expect(body.id).not.toBe(1);
    expect(body.created_at).not.toMatch(/^2000/);
    const bobs = await t.request("/api/resumes/", { token: bob.token });
    expect(((await bobs.json()) as { id: unknown }[]).map((r) => r.id)).not.toContain(body.id);
  });

  it("accepts long markdown content", async () => {
    const content = "# Title\n".repeat(20_000);
    const res = await t.request("/api/resumes/", {
      method: "POST",
      token: alice.token,
      json: { title: "Long", content },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { content: string }).content).toBe(content.trim());
  });
});

describe("resumes: validation", () => {
  const post = (json: unknown) =>
    t.request("/api/resumes/", { method: "POST", token: alice.token, json });

  it("requires title and content", async () => {
    const res = await post({});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      title: ["This field is required."],
      content: ["This field is required."],
    });
  });

  it("rejects blank, null, too long, wrong type and NUL values", async () => {
    const blank = await post({ title: "  ", content: null });
    expect(blank.status).toBe(400);
    expect(await blank.json()).toEqual({
      title: ["This field may not be blank."],
      content: ["This field may not be null."],
    });
    const long = await post({ title: "x".repeat(256), content: { a: 1 } });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({
      title: ["Ensure this field has no more than 255 characters."],
      content: ["Not a valid string."],
    });
    const nul = await post({ title: "a\u0000b", content: "ok" });
    expect(nul.status).toBe(400);
    expect(await nul.json()).toEqual({ title: ["Null characters are not allowed."] });
  });

  it("PUT needs every required field; PATCH validates what it gets", async () => {
    const r = await createResume(t, alice, CV);
    const put = await t.request(`/api/resumes/${r.id}/`, {
      method: "PUT",
      token: alice.token,
      json: { title: "only title" },
    });
    expect(put.status).toBe(400);
    expect(await put.json()).toEqual({ content: ["This field is required."] });
    const patch = await t.request(`/api/resumes/${r.id}/`, {
      method: "PATCH",
      token: alice.token,
      json: { title: "" },
    });
    expect(patch.status).toBe(400);
    expect(await patch.json()).toEqual({ title: ["This field may not be blank."] });
  });

  it("answers 415 for text/plain and 400 for malformed JSON", async () => {
    const plain = await t.request("/api/resumes/", {
      method: "POST",
      token: alice.token,
      headers: { "content-type": "text/plain" },
      body: "title=x",
    });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({
      detail: 'Unsupported media type "text/plain" in request.',
    });
    const bad = await t.request("/api/resumes/", {
      method: "POST",
      token: alice.token,
      headers: { "content-type": "application/json" },
      body: '{"title": ',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()) as { detail: string }).toEqual({
      detail: expect.stringMatching(/^JSON parse error - /),
    });
  });

  it("odd ids are 404", async () => {
    for (const id of ["abc", "-1", "1.5", "0", "99999999999999999999"]) {
      const res = await t.request(`/api/resumes/${id}/`, { token: alice.token });
      expect(res.status, id).toBe(404);
      expect(await res.json()).toEqual({ detail: "Not found." });
    }
  });
});

describe("resumes: auth and ownership", () => {
  it("requires a token on every route", async () => {
    const r = await createResume(t, alice, CV);
    const calls: [string, string][] = [
      ["GET", "/api/resumes/"],
      ["POST", "/api/resumes/"],
      ["GET", `/api/resumes/${r.id}/`],
      ["PUT", `/api/resumes/${r.id}/`],
      ["PATCH", `/api/resumes/${r.id}/`],
      ["DELETE", `/api/resumes/${r.id}/`],
    ];
    for (const [method, path] of calls) {
      const json = method === "GET" ? undefined : { title: "x", content: "y" };
      const res = await t.request(path, { method, json });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
      expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
    }
  });

  it("another user's resume is 404 everywhere and untouched", async () => {
    const r = await createResume(t, alice, { title: "Private", content: "secret" });
    const json = { title: "hacked", content: "hacked" };
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const res = await t.request(`/api/resumes/${r.id}/`, {
        method,
        token: bob.token,
        ...(method === "PUT" || method === "PATCH" ? { json } : {}),
      });
      expect(res.status, method).toBe(404);
      expect(await res.json()).toEqual({ detail: "Not found." });
    }
    const list = await t.request("/api/resumes/", { token: bob.token });
    expect(((await list.json()) as { id: number }[]).map((x) => x.id)).not.toContain(r.id);
    const mine = await t.request(`/api/resumes/${r.id}/`, { token: alice.token });
    expect(await mine.json()).toMatchObject({ title: "Private", content: "secret" });
  });
});

describe("resumes: deleting unlinks applications", () => {
  // A database created by Django has a plain deferred foreign key (no ON DELETE SET NULL), so
  // give a private PGlite database that shape: the unlinking must be the code's work.
  let d: TestContext;
  let owner: TestUser;
  beforeAll(async () => {
    d = await createTestContext({ privateDatabase: true });
    owner = await createUserWithToken(d);
    if (usingRealPostgres) return;
    const { db } = d.deps.database;
    await db.execute(sql`ALTER TABLE job_tracker_jobapplication
      DROP CONSTRAINT job_tracker_jobapplication_resume_used_id_resume_resume_id_fk`);
    await db.execute(sql`ALTER TABLE job_tracker_jobapplication
      ADD CONSTRAINT job_tracker_jobapplication_resume_used_id_django_fk FOREIGN KEY (resume_used_id)
      REFERENCES resume_resume(id) DEFERRABLE INITIALLY DEFERRED`);
  });
  afterAll(() => d.close());

  it("sets resume_used to null on the applications that used it", async () => {
    const r = await createResume(d, owner, CV);
    const app = await d.request("/api/job-applications/", {
      method: "POST",
      token: owner.token,
      json: { job_title: "Dev", resume_used: r.id },
    });
    expect(app.status).toBe(201);
    const { id, resume_used } = (await app.json()) as { id: number; resume_used: number };
    expect(resume_used).toBe(r.id);
    const del = await d.request(`/api/resumes/${r.id}/`, { method: "DELETE", token: owner.token });
    expect(del.status).toBe(204);
    const after = await d.request(`/api/job-applications/${id}/`, { token: owner.token });
    expect(await after.json()).toMatchObject({ id, resume_used: null });
  });
});
