import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interview } from "../../src/db/schema";
import { scheduleInterview } from "../../src/features/interviews";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const NOT_FOUND = { status: 404, body: { detail: "Not found." } };
const DATETIME =
  "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

const call = (
  user: TestUser | null,
  path: string,
  init: { method?: string; json?: unknown } = {},
) => t.request(path, { ...init, token: user?.token }).then(answer);
const schedule = (user: TestUser, appId: number, json: unknown) =>
  call(user, `/api/job-applications/${appId}/interviews/`, { method: "POST", json });

async function scheduled(user: TestUser, appId: number, json: Record<string, unknown>) {
  const res = await schedule(user, appId, json);
  expect(res.status).toBe(201);
  return res.body as { id: number; scheduled_at: string };
}

describe("POST /api/job-applications/{id}/interviews/", () => {
  it("schedules with the defaults, the time given on in UTC", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice);
    const res = await schedule(alice, app.id, { scheduled_at: "2026-03-02T16:30:00+02:00" });
    expect(res).toEqual({
      status: 201,
      body: {
        id: expect.any(Number),
        job_application: app.id,
        scheduled_at: "2026-03-02T14:30:00Z",
        duration_minutes: 60,
        kind: "other",
        location: "",
        notes: "",
        outcome: "pending",
        created_at: expect.stringMatching(/Z$/),
        updated_at: expect.stringMatching(/Z$/),
      },
    });
    const body = res.body as { id: number; created_at: string };
    expect(await call(alice, `/api/interviews/${body.id}/`)).toEqual({ status: 200, body });
  });

  it("takes every field, ignores read-only ones, reads a naive time as UTC", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice);
    const other = await createApplication(t, alice);
    const res = await schedule(alice, app.id, {
      scheduled_at: "2026-03-02 09:05:07.25",
      duration_minutes: "45",
      kind: "technical",
      location: "  Berlin office  ",
      notes: "Bring the laptop",
      outcome: "passed",
      job_application: other.id,
      id: 1,
      created_at: "2000-01-01T00:00:00Z",
    });
    expect(res).toMatchObject({
      status: 201,
      body: {
        job_application: app.id,
        scheduled_at: "2026-03-02T09:05:07.250000Z",
        duration_minutes: 45,
        kind: "technical",
        location: "Berlin office",
        notes: "Bring the laptop",
        outcome: "passed",
      },
    });
    expect((res.body as { created_at: string }).created_at).not.toBe("2000-01-01T00:00:00Z");
  });

  it("refuses bad fields with DRF's messages and writes nothing", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice);
    expect(await schedule(alice, app.id, {})).toEqual({
      status: 400,
      body: { scheduled_at: ["This field is required."] },
    });
    expect(
      await schedule(alice, app.id, {
        scheduled_at: "tomorrow",
        duration_minutes: 0,
        kind: "dinner",
        location: "x".repeat(256),
        notes: "n".repeat(5001),
        outcome: "won",
      }),
    ).toEqual({
      status: 400,
      body: {
        scheduled_at: [DATETIME],
        duration_minutes: ["Ensure this value is greater than or equal to 1."],
        kind: ['"dinner" is not a valid choice.'],
        location: ["Ensure this field has no more than 255 characters."],
        notes: ["Ensure this field has no more than 5000 characters."],
        outcome: ['"won" is not a valid choice.'],
      },
    });
    const bad = [
      [{ scheduled_at: null }, { scheduled_at: ["This field may not be null."] }],
      [{ scheduled_at: 5 }, { scheduled_at: [DATETIME] }],
      [{ scheduled_at: "2026-02-30T10:00:00Z" }, { scheduled_at: [DATETIME] }],
      [{ scheduled_at: `2026-01-01T10:00:00${"0".repeat(100)}` }, { scheduled_at: [DATETIME] }],
      [
        { scheduled_at: "2026-03-02T10:00:00Z", duration_minutes: 1441 },
        { duration_minutes: ["Ensure this value is less than or equal to 1440."] },
      ],
      [
        { scheduled_at: "2026-03-02T10:00:00Z", duration_minutes: 1.5 },
        { duration_minutes: ["A valid integer is required."] },
      ],
      [
        { scheduled_at: "2026-03-02T10:00:00Z", notes: "a\u0000b" },
        { notes: ["Null characters are not allowed."] },
      ],
    ] as const;
    for (const [json, body] of bad) {
      expect(await schedule(alice, app.id, json)).toEqual({ status: 400, body });
    }
    expect(await call(alice, `/api/job-applications/${app.id}/interviews/`)).toEqual({
      status: 200,
      body: [],
    });
  });

  it("answers 404 for another user's, a missing or a deleted application", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const app = await createApplication(t, alice);
    const body = { scheduled_at: "2026-03-02T10:00:00Z" };
    expect(await schedule(bob, app.id, body)).toEqual(NOT_FOUND);
    expect(await call(bob, `/api/job-applications/${app.id}/interviews/`)).toEqual(NOT_FOUND);
    expect(await schedule(alice, 999_999_999, body)).toEqual(NOT_FOUND);
    expect(await call(alice, `/api/job-applications/${app.id}/`, { method: "DELETE" })).toEqual({
      status: 204,
      body: null,
    });
    expect(await schedule(alice, app.id, body)).toEqual(NOT_FOUND);
    expect(await call(null, `/api/job-applications/${app.id}/interviews/`)).toMatchObject({
      status: 401,
    });
  });
});

describe("GET /api/interviews/ and /api/job-applications/{id}/interviews/", () => {
  it("lists soonest first, in a [from, to) window, without deleted applications'", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const first = await createApplication(t, alice);
    const second = await createApplication(t, alice);
    const late = await scheduled(alice, first.id, { scheduled_at: "2026-05-01T10:00:00Z" });
    const early = await scheduled(alice, second.id, { scheduled_at: "2026-04-01T10:00:00Z" });
    const middle = await scheduled(alice, first.id, { scheduled_at: "2026-04-15T10:00:00Z" });
    const bobs = await createApplication(t, bob);
    await scheduled(bob, bobs.id, { scheduled_at: "2026-04-10T10:00:00Z" });
    const ids = (res: { body: unknown }) => (res.body as { id: number }[]).map((r) => r.id);

    expect(ids(await call(alice, "/api/interviews/"))).toEqual([early.id, middle.id, late.id]);
    const window = await call(
      alice,
      "/api/interviews/?from=2026-04-01T10:00:00Z&to=2026-05-01T10:00:00Z",
    );
    expect({ status: window.status, ids: ids(window) }).toEqual({
      status: 200,
      ids: [early.id, middle.id],
    });
    expect(ids(await call(alice, "/api/interviews/?from=2026-04-02&to="))).toEqual([
      middle.id,
      late.id,
    ]);
    const naive = "/api/interviews/?from=2026-04-02 00:00&to=2026-04-15T12:00:01%2B02:00";
    expect(ids(await call(alice, naive))).toEqual([middle.id]);
    expect(ids(await call(alice, `/api/job-applications/${first.id}/interviews/`))).toEqual([
      middle.id,
      late.id,
    ]);
    // A deleted application's interviews are hidden everywhere, and come back with it.
    await call(alice, `/api/job-applications/${first.id}/`, { method: "DELETE" });
    expect(ids(await call(alice, "/api/interviews/"))).toEqual([early.id]);
    expect(await call(alice, `/api/interviews/${late.id}/`)).toEqual(NOT_FOUND);
    expect(await call(alice, `/api/job-applications/${first.id}/interviews/`)).toEqual(NOT_FOUND);
    await call(alice, `/api/job-applications/${first.id}/restore/`, { method: "POST" });
    expect(ids(await call(alice, "/api/interviews/"))).toEqual([early.id, middle.id, late.id]);
  });

  it("refuses a bad window", async () => {
    const alice = await createUserWithToken(t);
    expect(await call(alice, "/api/interviews/?from=soon&to=2026-13-01T00:00")).toEqual({
      status: 400,
      body: { from: ["Enter a valid date/time."], to: ["Enter a valid date/time."] },
    });
  });
});

describe("/api/interviews/{id}/", () => {
  it("PATCH changes what is given, PUT needs scheduled_at, DELETE removes", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice);
    const one = await scheduled(alice, app.id, {
      scheduled_at: "2026-03-02T10:00:00Z",
      kind: "phone",
      location: "call",
    });
    const path = `/api/interviews/${one.id}/`;
    t.clock.advance(1000);
    const patched = await call(alice, path, { method: "PATCH", json: { outcome: "failed" } });
    expect(patched).toMatchObject({
      status: 200,
      body: { outcome: "failed", kind: "phone", location: "call", scheduled_at: one.scheduled_at },
    });
    const body = patched.body as { updated_at: string; created_at: string };
    expect(body.updated_at > body.created_at).toBe(true);
    expect(await call(alice, path, { method: "PUT", json: { kind: "video" } })).toEqual({
      status: 400,
      body: { scheduled_at: ["This field is required."] },
    });
    expect(
      await call(alice, path, {
        method: "PUT",
        json: { scheduled_at: "2026-03-03T08:00:00-05:00", kind: "onsite" },
      }),
    ).toMatchObject({
      status: 200,
      body: { scheduled_at: "2026-03-03T13:00:00Z", kind: "onsite", outcome: "failed" },
    });
    expect(await call(alice, path, { method: "PATCH", json: { kind: "x" } })).toEqual({
      status: 400,
      body: { kind: ['"x" is not a valid choice.'] },
    });
    expect(await call(alice, path, { method: "DELETE" })).toEqual({ status: 204, body: null });
    expect(await call(alice, path)).toEqual(NOT_FOUND);
    expect(await call(alice, path, { method: "DELETE" })).toEqual(NOT_FOUND);
  });

  it("another user's interview is 404 for every method and stays unchanged", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const app = await createApplication(t, alice);
    const one = await scheduled(alice, app.id, { scheduled_at: "2026-03-02T10:00:00Z" });
    const path = `/api/interviews/${one.id}/`;
    expect(await call(bob, path)).toEqual(NOT_FOUND);
    expect(await call(bob, path, { method: "PATCH", json: { outcome: "failed" } })).toEqual(
      NOT_FOUND,
    );
    expect(
      await call(bob, path, { method: "PUT", json: { scheduled_at: "2027-01-01T00:00:00Z" } }),
    ).toEqual(NOT_FOUND);
    expect(await call(bob, path, { method: "DELETE" })).toEqual(NOT_FOUND);
    expect(await call(alice, path)).toMatchObject({
      status: 200,
      body: { outcome: "pending", scheduled_at: "2026-03-02T10:00:00Z" },
    });
  });
});

describe("scheduleInterview: the one write path, with a hook in its transaction", () => {
  it("runs `after` with the new row in the same transaction: its failure writes nothing", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice);
    const owned = { id: app.id, userId: alice.id };
    const input = { scheduled_at: "2026-03-02T10:00:00Z" };
    const seen: number[] = [];
    const row = await scheduleInterview(t.deps, owned, input, async (tx, created) => {
      const [inTx] = await tx.select().from(interview).where(eq(interview.id, created.id));
      seen.push(inTx?.id ?? 0);
    });
    expect(seen).toEqual([row.id]);
    await expect(
      scheduleInterview(t.deps, owned, input, async () => {
        throw new Error("timeline write failed");
      }),
    ).rejects.toThrow("timeline write failed");
    const rows = await t.deps.database.db
      .select({ id: interview.id })
      .from(interview)
      .where(eq(interview.jobApplicationId, app.id));
    expect(rows).toEqual([{ id: row.id }]);
  });
});
