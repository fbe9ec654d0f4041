import { describe, expect, it } from "vitest";
import { apiSuite, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

const get = apiSuite;

describe("resumes", () => {
  it("create, list, get, put, patch, delete", async () => {
    const { target } = get();
    const me = await signUp(target);
    const token = me.access;
    const created = await call(target, "POST", "/api/resumes/", {
      token,
      json: { title: "First", content: "# One", user: "someone-else", id: 1 },
    });
    expect(created.status).toBe(201);
    const first = created.body as { id: number; created_at: string };
    expect(first).toEqual({
      id: expect.any(Number),
      user: me.username,
      title: "First",
      content: "# One",
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: expect.stringMatching(TIMESTAMP),
    });
    const second = await call(target, "POST", "/api/resumes", {
      token,
      json: { title: "Second", content: "# Two" },
    });
    expect(second.status).toBe(201);
    const list = await call(target, "GET", "/api/resumes/", { token });
    expect(list.status).toBe(200);
    expect((list.body as { title: string }[]).map((r) => r.title)).toEqual(["Second", "First"]);

    const path = `/api/resumes/${first.id}/`;
    const got = await call(target, "GET", path, { token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    const put = await call(target, "PUT", path, {
      token,
      json: { title: "Renamed", content: "# New" },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: first.id, title: "Renamed", content: "# New" });
    const patch = await call(target, "PATCH", `/api/resumes/${first.id}`, {
      token,
      json: { content: "# Patched" },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ title: "Renamed", content: "# Patched" });
    expect((patch.body as { created_at: string }).created_at).toBe(first.created_at);
    const again = await call(target, "GET", "/api/resumes/", { token });
    expect((again.body as { title: string }[]).map((r) => r.title)).toEqual(["Renamed", "Second"]);

    const del = await call(target, "DELETE", path, { token });
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const gone = await call(target, "GET", path, { token });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ detail: "Not found." });
  });

  it("validates with DRF messages", async () => {
    const { target } = get();
    const me = await signUp(target);
    const res = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      json: { title: "x".repeat(256) },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      title: ["Ensure this field has no more than 255 characters."],
      content: ["This field is required."],
    });
  });

  it("another user's resume is 404 on every method, and untouched", async () => {
    const { target } = get();
    const owner = await signUp(target);
    const other = await signUp(target);
    const created = await call(target, "POST", "/api/resumes/", {
      token: owner.access,
      json: { title: "Mine", content: "# Mine" },
    });
    const path = `/api/resumes/${(created.body as { id: number }).id}/`;
    const attempts: [string, unknown][] = [
      ["GET", undefined],
      ["PUT", { title: "Stolen", content: "x" }],
      ["PATCH", { title: "Stolen" }],
      ["DELETE", undefined],
    ];
    for (const [method, json] of attempts) {
      const res = await call(target, method, path, { token: other.access, json });
      expect(res.status, method).toBe(404);
      expect(res.body).toEqual({ detail: "Not found." });
    }
    const list = await call(target, "GET", "/api/resumes/", { token: other.access });
    expect(list.body).toEqual([]);
    const still = await call(target, "GET", path, { token: owner.access });
    expect(still.body).toMatchObject({ title: "Mine", content: "# Mine" });
    const anon = await call(target, "GET", "/api/resumes/");
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ detail: "Authentication credentials were not provided." });
  });
});
