import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverLetter } from "../../src/db/schema";
import { deleteUserCascade } from "../../src/features/auth/auth.queries";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const NOT_FOUND = { status: 404, body: { detail: "Not found." } };

/** A letter row as the generation saves one (its route has its own tests). */
async function letter(
  user: TestUser,
  fields: { jobApplicationId?: number | null; title?: string; updatedAt?: string } = {},
) {
  const at = fields.updatedAt ?? new Date(t.clock.now()).toISOString();
  const [row] = await t.deps.database.db
    .insert(coverLetter)
    .values({
      userId: user.id,
      jobApplicationId: fields.jobApplicationId ?? null,
      title: fields.title ?? "Cover letter — Acme",
      content: "Dear Hiring Manager,\n\nI am writing to apply.",
      model: "Deepseek",
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  if (!row) throw new Error("no row");
  return row;
}

const get = (user: TestUser | null, path: string) =>
  t.request(path, { token: user?.token }).then(answer);
const patch = (user: TestUser, id: number, json: unknown) =>
  t.request(`/api/cover-letters/${id}/`, { method: "PATCH", token: user.token, json }).then(answer);

describe("GET /api/cover-letters/", () => {
  it("lists the caller's letters, newest change first, and filters by application", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const app = await createApplication(t, alice);
    const older = await letter(alice, { updatedAt: "2026-01-01T10:00:00.000001Z" });
    const newer = await letter(alice, {
      jobApplicationId: app.id,
      updatedAt: "2026-01-02T10:00:00Z",
    });
    await letter(bob, { jobApplicationId: app.id });
    expect(await get(alice, "/api/cover-letters/")).toEqual({
      status: 200,
      body: [
        {
          id: newer.id,
          job_application: app.id,
          title: "Cover letter — Acme",
          content: "Dear Hiring Manager,\n\nI am writing to apply.",
          model: "Deepseek",
          created_at: "2026-01-02T10:00:00Z",
          updated_at: "2026-01-02T10:00:00Z",
        },
        expect.objectContaining({ id: older.id, updated_at: "2026-01-01T10:00:00.000001Z" }),
      ],
    });
    const filtered = await get(alice, `/api/cover-letters/?job_application=${app.id}`);
    expect(filtered).toEqual({ status: 200, body: [expect.objectContaining({ id: newer.id })] });
    // Bob's filter on Alice's application finds only his own letter.
    const theirs = await get(bob, `/api/cover-letters/?job_application=${app.id}`);
    expect(theirs.body).toEqual([expect.objectContaining({ job_application: app.id })]);
    expect((theirs.body as { id: number }[])[0]?.id).not.toBe(newer.id);
    expect(await get(alice, "/api/cover-letters/?job_application=")).toMatchObject({
      status: 200,
      body: [{ id: newer.id }, { id: older.id }],
    });
    expect(await get(alice, "/api/cover-letters/?job_application=999999999")).toEqual({
      status: 200,
      body: [],
    });
  });

  it("validates the filter: 400 for what is not a whole number", async () => {
    const user = await createUserWithToken(t);
    for (const bad of ["abc", "1.5", "99999999999999999999"]) {
      expect(await get(user, `/api/cover-letters/?job_application=${bad}`)).toEqual({
        status: 400,
        body: { job_application: ["Enter a whole number."] },
      });
    }
  });

  it("anonymous: 401", async () => {
    expect(await get(null, "/api/cover-letters/")).toEqual({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
  });
});

describe("GET|PATCH|DELETE /api/cover-letters/{id}/", () => {
  it("reads, edits and deletes the caller's letter", async () => {
    const user = await createUserWithToken(t);
    const row = await letter(user);
    const path = `/api/cover-letters/${row.id}/`;
    expect(await get(user, path)).toMatchObject({ status: 200, body: { id: row.id } });
    t.clock.set(Date.parse("2026-02-01T12:00:00Z"));
    const edited = await patch(user, row.id, {
      title: "  To Acme  ",
      content: "Dear Ms. Smith,",
      id: 1,
      job_application: 12345,
      model: "Other",
      created_at: "2000-01-01T00:00:00Z",
    });
    expect(edited).toEqual({
      status: 200,
      body: {
        id: row.id,
        job_application: null,
        title: "To Acme",
        content: "Dear Ms. Smith,",
        model: "Deepseek",
        created_at: row.createdAt,
        updated_at: "2026-02-01T12:00:00Z",
      },
    });
    expect(await get(user, path)).toEqual(edited);
    expect(await patch(user, row.id, { title: "Only the title" })).toMatchObject({
      status: 200,
      body: { title: "Only the title", content: "Dear Ms. Smith," },
    });
    const deleted = await t.request(path, { method: "DELETE", token: user.token });
    expect({ status: deleted.status, body: await deleted.text() }).toEqual({
      status: 204,
      body: "",
    });
    expect(await get(user, path)).toEqual(NOT_FOUND);
    t.clock.set(Date.now());
  });

  it("PATCH validates as DRF does and changes nothing on a 400", async () => {
    const user = await createUserWithToken(t);
    const row = await letter(user);
    const cases: [unknown, unknown][] = [
      [{ title: "" }, { title: ["This field may not be blank."] }],
      [
        { title: "x".repeat(256) },
        { title: ["Ensure this field has no more than 255 characters."] },
      ],
      [{ content: "   " }, { content: ["This field may not be blank."] }],
      [{ title: null, content: 5 }, { title: ["This field may not be null."] }],
      [{ content: { a: 1 } }, { content: ["Not a valid string."] }],
    ];
    for (const [body, errors] of cases) {
      expect(await patch(user, row.id, body)).toEqual({ status: 400, body: errors });
    }
    expect(await get(user, `/api/cover-letters/${row.id}/`)).toMatchObject({
      body: { title: row.title, content: row.content, updated_at: row.updatedAt },
    });
  });

  it("another user's letter is 404 for every method, and stays as it was", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const row = await letter(alice);
    const path = `/api/cover-letters/${row.id}/`;
    expect(await get(bob, path)).toEqual(NOT_FOUND);
    expect(await patch(bob, row.id, { title: "Mine now" })).toEqual(NOT_FOUND);
    const del = await t.request(path, { method: "DELETE", token: bob.token });
    expect(await answer(del)).toEqual(NOT_FOUND);
    expect(await get(alice, path)).toMatchObject({ status: 200, body: { title: row.title } });
    expect(await get(alice, "/api/cover-letters/999999999/")).toEqual(NOT_FOUND);
  });

  it("anonymous: 401", async () => {
    const user = await createUserWithToken(t);
    const row = await letter(user);
    expect(await get(null, `/api/cover-letters/${row.id}/`)).toMatchObject({ status: 401 });
  });
});

describe("with the account", () => {
  it("a deleted account takes its letters along (the application's and the loose ones)", async () => {
    const user = await createUserWithToken(t);
    const app = await createApplication(t, user);
    await letter(user, { jobApplicationId: app.id });
    await letter(user);
    await deleteUserCascade(t.deps.database.db, { userId: user.id });
    const left = await t.deps.database.db
      .select()
      .from(coverLetter)
      .where(eq(coverLetter.userId, user.id));
    expect(left).toEqual([]);
  });
});
