import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeVersion } from "../../src/db/schema";
import { createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/** The resume these tests start from. */
const CV = { title: "CV", content: "v0" };

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext({ env: { RESUME_VERSIONS_KEEP: "3" } });
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;
type Version = { id: number; title: string; created_at: string; size: number };

const edit = (user: TestUser, id: number, json: Record<string, string>, method = "PATCH") =>
  t.request(`/api/resumes/${id}/`, { method, token: user.token, json });

async function versions(user: TestUser, id: number): Promise<Version[]> {
  const res = await t.request(`/api/resumes/${id}/versions/`, { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as Version[];
}

describe("resume versions", () => {
  it("a change keeps the state it replaces; an unchanged save keeps none", async () => {
    const id = (await createResume(t, alice, { title: "CV", content: "# Zoë" })).id;
    expect(await versions(alice, id)).toEqual([]);
    t.clock.advance(1000);
    expect((await edit(alice, id, { title: "CV" })).status).toBe(200);
    expect(await versions(alice, id)).toEqual([]);
    const put = await edit(alice, id, { title: "CV 2", content: "# Zoë 2" }, "PUT");
    expect(put.status).toBe(200);
    const list = await versions(alice, id);
    // size counts characters (code points), as Python's len(): "# Zoë" is 5 characters.
    expect(list).toEqual([
      { id: expect.any(Number), title: "CV", created_at: expect.stringMatching(ISO), size: 5 },
    ]);
    const one = await t.request(`/api/resumes/${id}/versions/${list[0]?.id}/`, {
      token: alice.token,
    });
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({
      id: list[0]?.id,
      title: "CV",
      content: "# Zoë",
      created_at: list[0]?.created_at,
    });
  });

  it("keeps RESUME_VERSIONS_KEEP, newest first, oldest pruned", async () => {
    const id = (await createResume(t, alice, CV)).id;
    for (let i = 1; i <= 5; i++) {
      expect((await edit(alice, id, { content: `v${i}` })).status).toBe(200);
    }
    const list = await versions(alice, id);
    expect(list.map((v) => v.size)).toEqual([2, 2, 2]);
    const contents = await Promise.all(
      list.map(async (v) => {
        const res = await t.request(`/api/resumes/${id}/versions/${v.id}/`, { token: alice.token });
        return ((await res.json()) as { content: string }).content;
      }),
    );
    expect(contents).toEqual(["v4", "v3", "v2"]);
    const rows = await t.deps.database.db
      .select()
      .from(resumeVersion)
      .where(eq(resumeVersion.resumeId, id));
    expect(rows).toHaveLength(3);
  });

  it("restore puts a version back, and the restore itself can be undone", async () => {
    const id = (await createResume(t, alice, { title: "First", content: "one" })).id;
    await edit(alice, id, { title: "Second", content: "two" });
    const [first] = await versions(alice, id);
    t.clock.advance(5000);
    const res = await t.request(`/api/resumes/${id}/versions/${first?.id}/restore/`, {
      method: "POST",
      token: alice.token,
    });
    expect(res.status).toBe(200);
    const restored = (await res.json()) as Record<string, unknown>;
    expect(restored).toMatchObject({ id, user: alice.username, title: "First", content: "one" });
    const list = await versions(alice, id);
    expect(list.map((v) => v.title)).toEqual(["Second", "First"]);
    const undo = await t.request(`/api/resumes/${id}/versions/${list[0]?.id}/restore/`, {
      method: "POST",
      token: alice.token,
    });
    expect(undo.status).toBe(200);
    expect(await undo.json()).toMatchObject({ id, title: "Second", content: "two" });
  });

  it("another user's resume or version, or a version of another resume, is 404", async () => {
    const mine = (await createResume(t, alice, CV)).id;
    await edit(alice, mine, { content: "changed" });
    const [v] = await versions(alice, mine);
    const other = (await createResume(t, alice, CV)).id;
    const paths = [
      `/api/resumes/${mine}/versions/`,
      `/api/resumes/${mine}/versions/${v?.id}/`,
      `/api/resumes/${other}/versions/${v?.id}/`,
      `/api/resumes/${mine}/versions/999999999/`,
      `/api/resumes/${mine}/versions/abc/`,
    ];
    for (const [i, path] of paths.entries()) {
      const user = i < 2 ? bob : alice;
      const res = await t.request(path, { token: user.token });
      expect({ path, status: res.status, body: await res.json() }).toEqual({
        path,
        status: 404,
        body: { detail: "Not found." },
      });
    }
    for (const [user, path] of [
      [bob, `/api/resumes/${mine}/versions/${v?.id}/restore/`],
      [alice, `/api/resumes/${other}/versions/${v?.id}/restore/`],
    ] as const) {
      const res = await t.request(path, { method: "POST", token: user.token });
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 404,
        body: { detail: "Not found." },
      });
    }
    const res = await t.request(`/api/resumes/${mine}/`, { token: alice.token });
    expect(await res.json()).toMatchObject({ content: "changed" });
  });

  it("anonymous callers get 401", async () => {
    const id = (await createResume(t, alice, CV)).id;
    for (const [method, path] of [
      ["GET", `/api/resumes/${id}/versions/`],
      ["GET", `/api/resumes/${id}/versions/1/`],
      ["POST", `/api/resumes/${id}/versions/1/restore/`],
    ] as const) {
      const res = await t.request(path, { method });
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 401,
        body: { detail: "Authentication credentials were not provided." },
      });
    }
  });

  it("a failed update keeps no version", async () => {
    const id = (await createResume(t, alice, CV)).id;
    const res = await edit(alice, id, { title: "x".repeat(256), content: "new" }, "PUT");
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 400,
      body: { title: ["Ensure this field has no more than 255 characters."] },
    });
    expect(await versions(alice, id)).toEqual([]);
  });
});
