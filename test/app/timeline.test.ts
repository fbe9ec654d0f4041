import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timestampFromMicros, timestampNow } from "../../src/core/timestamps";
import { recordTimeline } from "../../src/features/job-applications";
import { TIMELINE_CAP } from "../../src/features/job-applications/job-applications.timeline";
import { answer, createApplication, createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext({ env: { RESUME_VERSIONS_KEEP: "2" } });
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(async () => {
  if (process.env.DEBUG_LOGS)
    console.log(t.logger.lines.filter((l) => l.includes("error")).join("\n"));
  await t.close();
});

interface Entry {
  id: number;
  kind: string;
  at: string;
  data: Record<string, unknown>;
}

async function timeline(user: TestUser, id: number): Promise<Entry[]> {
  const res = await t.request(`/api/job-applications/${id}/timeline/`, { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as Entry[];
}

const kinds = (entries: Entry[]) => entries.map((e) => [e.kind, e.data]);

function send(user: TestUser, path: string, method: string, json?: unknown) {
  return t.request(path, { method, token: user.token, ...(json ? { json } : {}) });
}

describe("timeline: recorded by the server", () => {
  it("records created, each status change once, delete and restore, oldest first", async () => {
    const app = await createApplication(t, alice, { status: "Interviewing" });
    const path = `/api/job-applications/${app.id}/`;
    expect((await send(alice, path, "PATCH", { status: "Offer" })).status).toBe(200);
    // The same status again and a change of other fields are no status change.
    expect((await send(alice, path, "PATCH", { status: "Offer", notes: "x" })).status).toBe(200);
    expect((await send(alice, path, "PUT", { job_title: "Lead", status: "Rejected" })).status).toBe(
      200,
    );
    expect((await send(alice, path, "DELETE")).status).toBe(204);
    expect((await send(alice, `${path}restore/`, "POST")).status).toBe(200);
    const entries = await timeline(alice, app.id);
    expect(kinds(entries)).toEqual([
      ["created", { status: "Interviewing" }],
      ["status_changed", { from: "Interviewing", to: "Offer" }],
      ["status_changed", { from: "Offer", to: "Rejected" }],
      ["deleted", {}],
      ["restored", {}],
    ]);
    expect(entries[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/);
    const ids = entries.map((e) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it("a refused change records nothing", async () => {
    const app = await createApplication(t, alice);
    const path = `/api/job-applications/${app.id}/`;
    const bad = await send(alice, path, "PATCH", { status: "Bogus" });
    expect(await answer(bad)).toEqual({
      status: 400,
      body: { status: ['"Bogus" is not a valid choice.'] },
    });
    const other = await send(bob, path, "PATCH", { status: "Offer" });
    expect(other.status).toBe(404);
    expect(kinds(await timeline(alice, app.id))).toEqual([["created", { status: "Applied" }]]);
  });

  it("answers at most TIMELINE_CAP entries: the newest, oldest first", async () => {
    const app = await createApplication(t, alice);
    const start = Date.parse((await timeline(alice, app.id))[0]?.at ?? "") * 1000;
    const extra = 4;
    await recordTimeline(
      t.deps.database.db,
      Array.from({ length: TIMELINE_CAP + extra }, (_, i) => ({
        applicationId: app.id,
        userId: alice.id,
        kind: "note" as const,
        at: timestampFromMicros(start + (i + 1) * 1000),
        data: { text: `note ${i}` },
      })),
    );
    const entries = await timeline(alice, app.id);
    expect(entries).toHaveLength(TIMELINE_CAP);
    // The `created` entry and the oldest notes are left out.
    const texts = Array.from({ length: TIMELINE_CAP }, (_, i) => `note ${extra + i}`);
    expect(entries.map((e) => e.data.text)).toEqual(texts);
  });

  it("another user's or a deleted application's timeline is 404", async () => {
    const app = await createApplication(t, alice);
    const theirs = await t.request(`/api/job-applications/${app.id}/timeline/`, {
      token: bob.token,
    });
    expect(await answer(theirs)).toEqual({ status: 404, body: { detail: "Not found." } });
    await send(alice, `/api/job-applications/${app.id}/`, "DELETE");
    const gone = await t.request(`/api/job-applications/${app.id}/timeline/`, {
      token: alice.token,
    });
    expect(gone.status).toBe(404);
  });
});

describe("timeline: notes", () => {
  it("adds a note (201, the entry) that the timeline shows", async () => {
    const app = await createApplication(t, alice);
    const res = await send(alice, `/api/job-applications/${app.id}/notes/`, "POST", {
      text: "  Recruiter called  ",
    });
    const created = await answer(res);
    expect(created).toEqual({
      status: 201,
      body: {
        id: expect.any(Number),
        kind: "note",
        at: expect.any(String),
        data: { text: "Recruiter called" },
      },
    });
    expect((await timeline(alice, app.id)).at(-1)).toEqual(created.body);
  });

  it("refuses a blank, missing or over-long text, and another user's application", async () => {
    const app = await createApplication(t, alice);
    const path = `/api/job-applications/${app.id}/notes/`;
    expect(await answer(await send(alice, path, "POST", { text: " " }))).toEqual({
      status: 400,
      body: { text: ["This field may not be blank."] },
    });
    expect(await answer(await send(alice, path, "POST", {}))).toEqual({
      status: 400,
      body: { text: ["This field is required."] },
    });
    expect(await answer(await send(alice, path, "POST", { text: "x".repeat(5001) }))).toEqual({
      status: 400,
      body: { text: ["Ensure this field has no more than 5000 characters."] },
    });
    expect((await send(bob, path, "POST", { text: "hi" })).status).toBe(404);
    expect(kinds(await timeline(alice, app.id))).toEqual([["created", { status: "Applied" }]]);
  });
});

describe("timeline: the resume that was sent", () => {
  it("keeps the resume's state when the application becomes Applied, readable after edits", async () => {
    const resume = await createResume(t, alice, { title: "CV v1", content: "# Sent text" });
    const app = await createApplication(t, alice, {
      status: "Interviewing",
      resume_used: resume.id,
    });
    expect(kinds(await timeline(alice, app.id))).toEqual([["created", { status: "Interviewing" }]]);
    const path = `/api/job-applications/${app.id}/`;
    expect((await send(alice, path, "PATCH", { status: "Applied" })).status).toBe(200);
    const sent = (await timeline(alice, app.id)).filter((e) => e.kind === "resume_sent");
    expect(sent).toHaveLength(1);
    const { resume_id, version_id } = (sent[0]?.data ?? {}) as {
      resume_id?: number;
      version_id?: number;
    };
    expect(resume_id).toBe(resume.id);
    // More edits than RESUME_VERSIONS_KEEP (2): the sent version is never pruned.
    for (const n of [2, 3, 4, 5]) {
      const res = await send(alice, `/api/resumes/${resume.id}/`, "PUT", {
        title: `CV v${n}`,
        content: `# Text ${n}`,
      });
      expect(res.status).toBe(200);
    }
    const version = await t.request(`/api/resumes/${resume.id}/versions/${version_id}/`, {
      token: alice.token,
    });
    expect(version.status).toBe(200);
    expect(await version.json()).toMatchObject({ title: "CV v1", content: "# Sent text" });
    // Not one of the edit history's states: read by its id, not listed (nor counted in the keep).
    const listed = await t.request(`/api/resumes/${resume.id}/versions/`, { token: alice.token });
    const history = (await listed.json()) as { id: number; title: string }[];
    expect(history.map((v) => v.title)).toEqual(["CV v4", "CV v3"]);
    const theirs = await t.request(`/api/resumes/${resume.id}/versions/${version_id}/`, {
      token: bob.token,
    });
    expect(theirs.status).toBe(404);
  });

  it("records resume_sent on a create as Applied with a resume, and on a change of resume", async () => {
    const first = await createResume(t, alice);
    const second = await createResume(t, alice);
    const app = await createApplication(t, alice, { resume_used: first.id });
    const path = `/api/job-applications/${app.id}/`;
    expect((await send(alice, path, "PATCH", { notes: "unrelated" })).status).toBe(200);
    expect((await send(alice, path, "PATCH", { resume_used: second.id })).status).toBe(200);
    const sent = (await timeline(alice, app.id))
      .filter((e) => e.kind === "resume_sent")
      .map((e) => e.data.resume_id);
    expect(sent).toEqual([first.id, second.id]);
  });
});

describe("stats from the timeline", () => {
  it("counts the funnel from the statuses reached and interviews per week", async () => {
    const user = await createUserWithToken(t);
    const a = await createApplication(t, user);
    const b = await createApplication(t, user);
    await createApplication(t, user, { status: "Offer" });
    // b went to an interview and was then rejected: it still reached the interview stage.
    await send(user, `/api/job-applications/${b.id}/`, "PATCH", { status: "Interviewing" });
    await send(user, `/api/job-applications/${b.id}/`, "PATCH", { status: "Rejected" });
    await recordTimeline(t.deps.database.db, {
      applicationId: a.id,
      userId: user.id,
      kind: "interview_scheduled",
      at: timestampNow(t.clock),
      data: { interview_id: 1 },
    });
    const res = await t.request("/api/job-applications/stats/", { token: user.token });
    const stats = (await res.json()) as {
      funnel: unknown;
      interviews_per_week: { count: number }[];
      by_status: unknown;
    };
    expect(stats.funnel).toEqual({ applied: 3, interviewing: 2, offer: 1 });
    expect(stats.by_status).toEqual({ Applied: 1, Interviewing: 0, Offer: 1, Rejected: 1 });
    expect(stats.interviews_per_week).toHaveLength(12);
    expect(stats.interviews_per_week.at(-1)?.count).toBe(1);
    expect(stats.interviews_per_week.slice(0, -1).every((w) => w.count === 0)).toBe(true);
  });
});
