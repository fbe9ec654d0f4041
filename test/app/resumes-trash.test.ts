import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger";
import { resume, resumeTrash, resumeVersion, shareLink } from "../../src/db/schema";
import { purgeExpiredTrash } from "../../src/features/resumes/trash/trash.service";
import { createApplication, createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/** The resume these tests start from. */
const CV = { title: "CV", content: "body" };

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

const DAY = 86_400_000;
type Trashed = { id: number; title: string; deleted_at: string; purge_at: string };
type ResumeJson = {
  id: number;
  title: string;
  content: string;
  created_at: string;
  updated_at: string;
};

const remove = (user: TestUser, id: number) =>
  t.request(`/api/resumes/${id}/`, { method: "DELETE", token: user.token });

async function trash(user: TestUser): Promise<Trashed[]> {
  const res = await t.request("/api/resumes/trash/", { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as Trashed[];
}

const restore = (user: TestUser, id: number) =>
  t.request(`/api/resumes/trash/${id}/restore/`, { method: "POST", token: user.token });

async function applicationResume(user: TestUser, id: number) {
  const res = await t.request(`/api/job-applications/${id}/`, { token: user.token });
  return ((await res.json()) as { resume_used: number | null }).resume_used;
}

describe("trash", () => {
  it("DELETE answers 204 and the resume waits in the trash, newest deleted first", async () => {
    const user = await createUserWithToken(t);
    const a = await createResume(t, user, { ...CV, title: "A" });
    const b = await createResume(t, user, { ...CV, title: "B" });
    expect((await remove(user, a.id)).status).toBe(204);
    t.clock.advance(1000);
    const del = await remove(user, b.id);
    expect({ status: del.status, text: await del.text() }).toEqual({ status: 204, text: "" });
    const gone = await t.request(`/api/resumes/${a.id}/`, { token: user.token });
    expect({ status: gone.status, body: await gone.json() }).toEqual({
      status: 404,
      body: { detail: "Not found." },
    });
    const list = await trash(user);
    expect(list.map((r) => [r.id, r.title])).toEqual([
      [b.id, "B"],
      [a.id, "A"],
    ]);
    const first = list[0] as Trashed;
    expect(Date.parse(first.purge_at) - Date.parse(first.deleted_at)).toBe(30 * DAY);
    expect(first.purge_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/);
    expect(first.purge_at.slice(19)).toBe(first.deleted_at.slice(19));
    expect(await trash(alice)).not.toContainEqual(expect.objectContaining({ id: a.id }));
  });

  it("restore: same id and timestamps, versions kept, the caller's applications relinked", async () => {
    const user = await createUserWithToken(t);
    const r = await createResume(t, user, { title: "Old", content: "one" });
    await t.request(`/api/resumes/${r.id}/`, {
      method: "PATCH",
      token: user.token,
      json: { title: "New", content: "two" },
    });
    const current = (await (
      await t.request(`/api/resumes/${r.id}/`, { token: user.token })
    ).json()) as ResumeJson;
    const kept = (await createApplication(t, user, { job_title: "Dev", resume_used: r.id })).id;
    const relinkedElsewhere = (
      await createApplication(t, user, { job_title: "Dev", resume_used: r.id })
    ).id;
    const deletedMeanwhile = (
      await createApplication(t, user, { job_title: "Dev", resume_used: r.id })
    ).id;
    expect((await remove(user, r.id)).status).toBe(204);
    expect(await applicationResume(user, kept)).toBeNull();
    const other = await createResume(t, user, { ...CV, title: "Other" });
    await t.request(`/api/job-applications/${relinkedElsewhere}/`, {
      method: "PATCH",
      token: user.token,
      json: { resume_used: other.id },
    });
    await t.request(`/api/job-applications/${deletedMeanwhile}/`, {
      method: "DELETE",
      token: user.token,
    });
    const res = await restore(user, r.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...current, user: expect.any(String) });
    expect(await applicationResume(user, kept)).toBe(r.id);
    expect(await applicationResume(user, relinkedElsewhere)).toBe(other.id);
    const versions = await t.request(`/api/resumes/${r.id}/versions/`, { token: user.token });
    expect(((await versions.json()) as { title: string }[]).map((v) => v.title)).toEqual(["Old"]);
    expect(await trash(user)).toEqual([]);
    const again = await restore(user, r.id);
    expect({ status: again.status, body: await again.json() }).toEqual({
      status: 404,
      body: { detail: "Not found." },
    });
  });

  it("versions of a trashed resume are out of reach until it is restored", async () => {
    const r = await createResume(t, alice, { title: "T", content: "one" });
    await t.request(`/api/resumes/${r.id}/`, {
      method: "PATCH",
      token: alice.token,
      json: { content: "two" },
    });
    expect((await remove(alice, r.id)).status).toBe(204);
    const res = await t.request(`/api/resumes/${r.id}/versions/`, { token: alice.token });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 404,
      body: { detail: "Not found." },
    });
  });

  it("another user's trash item is 404 and stays in the trash", async () => {
    const r = await createResume(t, alice, { ...CV, title: "Mine" });
    await remove(alice, r.id);
    for (const res of [await restore(bob, r.id), await restore(alice, 999_999_999)]) {
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 404,
        body: { detail: "Not found." },
      });
    }
    expect((await trash(alice)).map((x) => x.id)).toContain(r.id);
    expect((await trash(bob)).map((x) => x.id)).not.toContain(r.id);
  });

  it("restoring into an id in use again answers 409 and keeps the trash item", async () => {
    const r = await createResume(t, alice, { ...CV, title: "Taken" });
    await remove(alice, r.id);
    const db = t.deps.database.db;
    await db.insert(resume).values({
      id: r.id,
      userId: bob.id,
      title: "by hand",
      content: "x",
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
    const res = await restore(alice, r.id);
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 409,
      body: { detail: "A resume with this id exists; the trash item was kept." },
    });
    expect((await trash(alice)).map((x) => x.id)).toContain(r.id);
    const [row] = await db.select().from(resume).where(eq(resume.id, r.id));
    expect(row).toMatchObject({ userId: bob.id, title: "by hand" });
  });

  it("anonymous callers get 401; the trash path is not taken for a resume id", async () => {
    for (const [method, path] of [
      ["GET", "/api/resumes/trash/"],
      ["POST", "/api/resumes/trash/1/restore/"],
    ] as const) {
      const res = await t.request(path, { method });
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 401,
        body: { detail: "Authentication credentials were not provided." },
      });
    }
    const user = await createUserWithToken(t);
    const res = await t.request("/api/resumes/trash", { token: user.token });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: [] });
  });
});

describe("purge", () => {
  it("removes trash rows past purge_at and their versions, nothing else", async () => {
    const user = await createUserWithToken(t);
    const old = await createResume(t, user, { title: "Old", content: "a" });
    await t.request(`/api/resumes/${old.id}/`, {
      method: "PATCH",
      token: user.token,
      json: { content: "b" },
    });
    const live = await createResume(t, user, { title: "Live", content: "a" });
    await t.request(`/api/resumes/${live.id}/`, {
      method: "PATCH",
      token: user.token,
      json: { content: "b" },
    });
    await remove(user, old.id);
    t.clock.advance(60_000);
    const recent = await createResume(t, user, { ...CV, title: "Recent" });
    await remove(user, recent.id);
    const at = (ms: number) => ({
      database: t.deps.database,
      clock: { now: () => ms },
      logger: createMemoryLogger("silent"),
    });
    const deletedAt = Date.parse(
      (await trash(user)).find((r) => r.id === old.id)?.deleted_at ?? "",
    );
    // A moment before the first purge_at nothing of this user's goes; at it, exactly one.
    await purgeExpiredTrash(at(deletedAt + 30 * DAY - 1));
    expect((await trash(user)).map((r) => r.id)).toEqual([recent.id, old.id]);
    expect(await purgeExpiredTrash(at(deletedAt + 30 * DAY))).toBeGreaterThanOrEqual(1);
    expect((await trash(user)).map((r) => r.id)).toEqual([recent.id]);
    const db = t.deps.database.db;
    expect(await db.select().from(resumeVersion).where(eq(resumeVersion.resumeId, old.id))).toEqual(
      [],
    );
    expect(
      await db.select().from(resumeVersion).where(eq(resumeVersion.resumeId, live.id)),
    ).toHaveLength(1);
  });

  it("the Node entry's timer runs the purge and closes", async () => {
    const { scheduleTrashPurge } = await import("../../src/entry/node-purge");
    const user = await createUserWithToken(t);
    const r = await createResume(t, user, { ...CV, title: "Timer" });
    await remove(user, r.id);
    const logger = createMemoryLogger("info");
    const later = { now: () => t.clock.now() + 31 * DAY };
    const timer = scheduleTrashPurge(
      { database: t.deps.database, clock: later, logger },
      { firstMs: 0, everyMs: 3_600_000 },
    );
    await expect.poll(() => logger.lines.some((l) => l.includes("trash purged"))).toBe(true);
    await timer.close();
    expect(await trash(user)).toEqual([]);
  });

  it("the Worker entry exports a scheduled handler", async () => {
    const worker = (await import("../../src/entry/worker")).default;
    expect(typeof worker.scheduled).toBe("function");
  });
});

describe("account deletion", () => {
  it("removes the user's trash, versions and share links (foreign keys cascade)", async () => {
    const { hashPassword } = await import("../../src/core/passwords");
    const user = await createUserWithToken(t);
    const db = t.deps.database.db;
    const password = "correct horse battery staple";
    await db.execute(
      sql`update auth_user set password = ${await hashPassword(t.deps.hasher, password)} where id = ${user.id}`,
    );
    const kept = await createResume(t, user, { title: "Kept", content: "a" });
    await t.request(`/api/resumes/${kept.id}/`, {
      method: "PATCH",
      token: user.token,
      json: { content: "b" },
    });
    const share = await t.request(`/api/resumes/${kept.id}/share/`, {
      method: "POST",
      token: user.token,
      json: {},
    });
    expect(share.status).toBe(201);
    const gone = await createResume(t, user, { ...CV, title: "Gone" });
    await remove(user, gone.id);
    const res = await t.request("/api/auth/me/", {
      method: "DELETE",
      token: user.token,
      json: { password },
    });
    expect(res.status).toBe(204);
    for (const [table, column] of [
      [resumeTrash, resumeTrash.userId],
      [resumeVersion, resumeVersion.userId],
      [shareLink, shareLink.userId],
    ] as const) {
      expect(await db.select().from(table).where(eq(column, user.id))).toEqual([]);
    }
  });
});
