import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const NOT_FOUND = { status: 404, body: { detail: "Not found." } };

const call = (
  user: TestUser | null,
  path: string,
  init: { method?: string; json?: unknown } = {},
) => t.request(path, { ...init, token: user?.token }).then(answer);
const remind = (user: TestUser, appId: number, json: unknown) =>
  call(user, `/api/job-applications/${appId}/reminders/`, { method: "POST", json });
const ids = (res: { body: unknown }) => (res.body as { id: number }[]).map((r) => r.id);

async function reminder(user: TestUser, appId: number, json: Record<string, unknown>) {
  const res = await remind(user, appId, json);
  expect(res.status).toBe(201);
  return res.body as { id: number };
}

describe("POST /api/job-applications/{id}/reminders/", () => {
  it("creates an open reminder, the due time in UTC", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice);
    const res = await remind(alice, app.id, {
      due_at: "2026-03-02T09:00:00-01:00",
      note: " Call back ",
      done: true,
      job_application: 1,
    });
    expect(res).toEqual({
      status: 201,
      body: {
        id: expect.any(Number),
        job_application: app.id,
        due_at: "2026-03-02T10:00:00Z",
        note: "Call back",
        done: false,
        created_at: expect.stringMatching(/Z$/),
      },
    });
    const one = res.body as { id: number };
    expect(await call(alice, `/api/reminders/${one.id}/`)).toEqual({ status: 200, body: res.body });
  });

  it("refuses bad fields; another user's or a deleted application is 404", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const app = await createApplication(t, alice);
    expect(await remind(alice, app.id, { note: "n".repeat(1001) })).toEqual({
      status: 400,
      body: {
        due_at: ["This field is required."],
        note: ["Ensure this field has no more than 1000 characters."],
      },
    });
    expect(await remind(alice, app.id, { due_at: "2026-03-02T25:00" })).toEqual({
      status: 400,
      body: {
        due_at: [
          "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
        ],
      },
    });
    const body = { due_at: "2026-03-02T10:00:00Z" };
    expect(await remind(bob, app.id, body)).toEqual(NOT_FOUND);
    expect(await call(bob, `/api/job-applications/${app.id}/reminders/`)).toEqual(NOT_FOUND);
    await call(alice, `/api/job-applications/${app.id}/`, { method: "DELETE" });
    expect(await remind(alice, app.id, body)).toEqual(NOT_FOUND);
    expect(await call(alice, "/api/reminders/")).toEqual({ status: 200, body: [] });
  });
});

describe("GET /api/reminders/", () => {
  it("filters by due_before (exclusive) and done, soonest due first, own live ones only", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const app = await createApplication(t, alice);
    const other = await createApplication(t, alice);
    const later = await reminder(alice, app.id, { due_at: "2026-03-10T09:00:00Z" });
    const sooner = await reminder(alice, other.id, { due_at: "2026-03-01T09:00:00Z" });
    const doneOne = await reminder(alice, app.id, { due_at: "2026-03-05T09:00:00Z" });
    expect(
      await call(alice, `/api/reminders/${doneOne.id}/`, {
        method: "PATCH",
        json: { done: "true" },
      }),
    ).toMatchObject({ status: 200, body: { done: true } });
    const bobs = await createApplication(t, bob);
    await reminder(bob, bobs.id, { due_at: "2026-03-01T08:00:00Z" });

    expect(ids(await call(alice, "/api/reminders/"))).toEqual([sooner.id, doneOne.id, later.id]);
    expect(ids(await call(alice, "/api/reminders/?done=false"))).toEqual([sooner.id, later.id]);
    expect(ids(await call(alice, "/api/reminders/?done=True"))).toEqual([doneOne.id]);
    expect(ids(await call(alice, "/api/reminders/?due_before=2026-03-10T09:00:00Z"))).toEqual([
      sooner.id,
      doneOne.id,
    ]);
    expect(
      ids(await call(alice, "/api/reminders/?due_before=2026-03-10T09:00:01Z&done=0&done=false")),
    ).toEqual([sooner.id, later.id]);
    expect(ids(await call(alice, `/api/job-applications/${app.id}/reminders/`))).toEqual([
      doneOne.id,
      later.id,
    ]);
    await call(alice, `/api/job-applications/${other.id}/`, { method: "DELETE" });
    expect(ids(await call(alice, "/api/reminders/?done=false"))).toEqual([later.id]);
    expect(await call(alice, `/api/reminders/${sooner.id}/`)).toEqual(NOT_FOUND);
  });

  it("refuses a bad filter", async () => {
    const alice = await createUserWithToken(t);
    expect(await call(alice, "/api/reminders/?done=maybe&due_before=later")).toEqual({
      status: 400,
      body: {
        due_before: ["Enter a valid date/time."],
        done: ["Select a valid choice. maybe is not one of the available choices."],
      },
    });
  });
});

describe("/api/reminders/{id}/", () => {
  it("PATCH changes due date, note and done; DELETE removes; others get 404", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const app = await createApplication(t, alice);
    const one = await reminder(alice, app.id, { due_at: "2026-03-10T09:00:00Z", note: "a" });
    const path = `/api/reminders/${one.id}/`;
    expect(
      await call(alice, path, {
        method: "PATCH",
        json: { due_at: "2026-03-11", note: "b", done: true, created_at: "2000-01-01T00:00Z" },
      }),
    ).toMatchObject({
      status: 200,
      body: { due_at: "2026-03-11T00:00:00Z", note: "b", done: true },
    });
    expect(await call(alice, path, { method: "PATCH", json: { done: "perhaps" } })).toEqual({
      status: 400,
      body: { done: ["Must be a valid boolean."] },
    });
    expect(await call(bob, path)).toEqual(NOT_FOUND);
    expect(await call(bob, path, { method: "PATCH", json: { done: false } })).toEqual(NOT_FOUND);
    expect(await call(bob, path, { method: "DELETE" })).toEqual(NOT_FOUND);
    expect(await call(alice, path)).toMatchObject({ status: 200, body: { done: true, note: "b" } });
    expect(await call(alice, path, { method: "PUT", json: {} })).toMatchObject({ status: 405 });
    expect(await call(alice, path, { method: "DELETE" })).toEqual({ status: 204, body: null });
    expect(await call(alice, path)).toEqual(NOT_FOUND);
  });
});
