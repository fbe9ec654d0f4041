import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/** The resume an application links as `resume_used`. */
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

type AppJson = Record<string, unknown> & { id: number };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

async function createApp(user: TestUser, json: Record<string, unknown> = {}): Promise<AppJson> {
  const res = await t.request("/api/job-applications/", {
    method: "POST",
    token: user.token,
    json,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as AppJson;
}

const ids = async (res: Response) => ((await res.json()) as AppJson[]).map((a) => a.id);

describe("job applications: success", () => {
  it("creates with defaults and reads it back", async () => {
    const res = await t.request("/api/job-applications", {
      method: "POST",
      token: alice.token,
      json: { job_title: "Engineer", company_name: "Acme" },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as AppJson;
    expect(body).toEqual({
      id: expect.any(Number),
      job_title: "Engineer",
      company_name: "Acme",
      original_job_description: null,
      date_applied: null,
      status: "Applied",
      notes: null,
      is_deleted: false,
      is_example: false,
      created_at: expect.stringMatching(ISO),
      updated_at: body.created_at,
      user: alice.id,
      resume_used: null,
    });
    const get = await t.request(`/api/job-applications/${body.id}`, { token: alice.token });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual(body);
  });

  it("accepts every field, blanks and nulls", async () => {
    const resume = (await createResume(t, alice, CV)).id;
    const full = await createApp(alice, {
      job_title: "",
      company_name: null,
      original_job_description: "Long text",
      date_applied: "2026-01-15",
      status: "Offer",
      notes: "",
      resume_used: String(resume),
    });
    expect(full).toMatchObject({
      job_title: "",
      company_name: null,
      original_job_description: "Long text",
      date_applied: "2026-01-15",
      status: "Offer",
      notes: "",
      resume_used: resume,
    });
  });

  it("PUT and PATCH change only what is sent and move updated_at", async () => {
    const a = await createApp(alice, { job_title: "A", company_name: "C", notes: "n" });
    t.clock.advance(1000);
    const patch = await t.request(`/api/job-applications/${a.id}/`, {
      method: "PATCH",
      token: alice.token,
      json: { status: "Interviewing", notes: null },
    });
    expect(patch.status).toBe(200);
    const patched = (await patch.json()) as AppJson;
    expect(patched).toMatchObject({ job_title: "A", company_name: "C", status: "Interviewing" });
    expect(patched.notes).toBeNull();
    expect(patched.updated_at).not.toBe(a.updated_at);
    expect(patched.created_at).toBe(a.created_at);
    const put = await t.request(`/api/job-applications/${a.id}/`, {
      method: "PUT",
      token: alice.token,
      json: { job_title: "B", date_applied: null },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      job_title: "B",
      company_name: "C",
      status: "Interviewing",
    });
  });

  it("ignores read-only fields (mass assignment)", async () => {
    const a = await createApp(alice, {
      job_title: "X",
      user: bob.id,
      is_deleted: true,
      is_example: true,
      id: 1,
      created_at: "2000-01-01T00:00:00Z",
      updated_at: "2000-01-01T00:00:00Z",
    });
    expect(a).toMatchObject({ user: alice.id, is_deleted: false, is_example: false });
    expect(a.id).not.toBe(1);
    expect(a.created_at).not.toMatch(/^2000/);
    const patch = await t.request(`/api/job-applications/${a.id}/`, {
      method: "PATCH",
      token: alice.token,
      json: { user: bob.id, is_deleted: true, is_example: true, id: 999 },
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({
      id: a.id,
      user: alice.id,
      is_deleted: false,
      is_example: false,
    });
  });
});

describe("job applications: validation", () => {
  const post = (json: unknown) =>
    t.request("/api/job-applications/", { method: "POST", token: alice.token, json });

  it("rejects a bad status, long strings, bad dates and NUL bytes with DRF messages", async () => {
    const res = await post({
      status: "Bogus",
      job_title: "x".repeat(256),
      company_name: "c".repeat(256),
      date_applied: "15/01/2026",
      notes: "a\u0000b",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      status: ['"Bogus" is not a valid choice.'],
      job_title: ["Ensure this field has no more than 255 characters."],
      company_name: ["Ensure this field has no more than 255 characters."],
      date_applied: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
      notes: ["Null characters are not allowed."],
    });
    const more = await post({ status: null, date_applied: "2026-02-30", job_title: true });
    expect(more.status).toBe(400);
    expect(await more.json()).toEqual({
      status: ["This field may not be null."],
      date_applied: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
      job_title: ["Not a valid string."],
    });
    const year0 = await post({ date_applied: "0000-01-01" });
    expect(year0.status).toBe(400);
  });

  it("reads a date as Django's parse_date does: one-digit month and day, stored as YYYY-MM-DD", async () => {
    const wrong = ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."];
    const answers = [];
    for (const date of [
      "2026-1-5",
      "2026-01-5",
      "2024-2-29",
      "2023-2-29",
      "2026-4-31",
      "2026-1-5 ",
    ]) {
      const res = await post({ job_title: "Date", date_applied: date });
      const body = (await res.json()) as { date_applied: unknown };
      answers.push([date, res.status, body.date_applied]);
    }
    expect(answers).toEqual([
      ["2026-1-5", 201, "2026-01-05"],
      ["2026-01-5", 201, "2026-01-05"],
      ["2024-2-29", 201, "2024-02-29"],
      ["2023-2-29", 400, wrong],
      ["2026-4-31", 400, wrong],
      ["2026-1-5 ", 400, wrong],
    ]);
  });

  it("resume_used must be one of the caller's resumes", async () => {
    const bobs = (await createResume(t, bob, CV)).id;
    const other = await post({ resume_used: bobs });
    expect(other.status).toBe(400);
    expect(await other.json()).toEqual({
      resume_used: [`Invalid pk "${bobs}" - object does not exist.`],
    });
    const missing = await post({ resume_used: "99999999999999999999" });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      resume_used: ['Invalid pk "99999999999999999999" - object does not exist.'],
    });
    for (const [value, type] of [
      ["abc", "str"],
      [true, "bool"],
      [1.5, "float"],
      [[1], "list"],
      [{}, "dict"],
    ] as const) {
      const res = await post({ resume_used: value });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        resume_used: [`Incorrect type. Expected pk value, received ${type}.`],
      });
    }
    const a = await createApp(alice);
    const patch = await t.request(`/api/job-applications/${a.id}/`, {
      method: "PATCH",
      token: alice.token,
      json: { resume_used: bobs },
    });
    expect(patch.status).toBe(400);
    expect(await patch.json()).toEqual({
      resume_used: [`Invalid pk "${bobs}" - object does not exist.`],
    });
  });

  it("answers 415 for text/plain and 400 for malformed JSON", async () => {
    const plain = await t.request("/api/job-applications/", {
      method: "POST",
      token: alice.token,
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({
      detail: 'Unsupported media type "text/plain" in request.',
    });
    const bad = await t.request("/api/job-applications/", {
      method: "POST",
      token: alice.token,
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ detail: expect.stringMatching(/^JSON parse error - /) });
  });

  it("odd ids are 404", async () => {
    for (const id of ["abc", "-1", "1.5", "99999999999999999999"]) {
      const res = await t.request(`/api/job-applications/${id}/`, { token: alice.token });
      expect(res.status, id).toBe(404);
      expect(await res.json()).toEqual({ detail: "Not found." });
    }
  });
});

describe("job applications: auth and ownership", () => {
  it("requires a token on every route", async () => {
    const a = await createApp(alice);
    const base = "/api/job-applications";
    const calls: [string, string][] = [
      ["GET", `${base}/`],
      ["POST", `${base}/`],
      ["GET", `${base}/stats/`],
      ["GET", `${base}/${a.id}/`],
      ["PUT", `${base}/${a.id}/`],
      ["PATCH", `${base}/${a.id}/`],
      ["DELETE", `${base}/${a.id}/`],
      ["POST", `${base}/${a.id}/restore/`],
    ];
    for (const [method, path] of calls) {
      const res = await t.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
      expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
    }
  });

  it("another user's application is 404 everywhere and untouched", async () => {
    const a = await createApp(alice, { job_title: "Mine" });
    const deleted = await createApp(alice, { job_title: "Gone" });
    await t.request(`/api/job-applications/${deleted.id}/`, {
      method: "DELETE",
      token: alice.token,
    });
    const calls: [string, string][] = [
      ["GET", `/api/job-applications/${a.id}/`],
      ["PUT", `/api/job-applications/${a.id}/`],
      ["PATCH", `/api/job-applications/${a.id}/`],
      ["DELETE", `/api/job-applications/${a.id}/`],
      ["POST", `/api/job-applications/${deleted.id}/restore/`],
    ];
    for (const [method, path] of calls) {
      const json = method === "GET" ? undefined : { job_title: "hacked" };
      const res = await t.request(path, { method, token: bob.token, json });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ detail: "Not found." });
    }
    const mine = await t.request(`/api/job-applications/${a.id}/`, { token: alice.token });
    expect(await mine.json()).toMatchObject({ job_title: "Mine", is_deleted: false });
    const bobList = await t.request("/api/job-applications/?deleted=true", { token: bob.token });
    expect(await ids(bobList)).not.toContain(deleted.id);
  });
});

describe("job applications: soft delete and restore", () => {
  it("DELETE hides the row from every read; restore brings it back", async () => {
    const user = await createUserWithToken(t);
    const a = await createApp(user, { job_title: "Soft" });
    const keep = await createApp(user, { job_title: "Keep" });
    const path = `/api/job-applications/${a.id}/`;
    const del = await t.request(path, { method: "DELETE", token: user.token });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");

    for (const method of ["GET", "PATCH", "DELETE"]) {
      const json = method === "PATCH" ? { notes: "x" } : undefined;
      const res = await t.request(path, { method, token: user.token, json });
      expect(res.status, method).toBe(404);
    }
    expect(await ids(await t.request("/api/job-applications/", { token: user.token }))).toEqual([
      keep.id,
    ]);
    const stats = await t.request("/api/job-applications/stats/", { token: user.token });
    expect(((await stats.json()) as { total: number }).total).toBe(1);

    const trash = await t.request("/api/job-applications/?deleted=true", { token: user.token });
    expect(trash.status).toBe(200);
    const trashed = (await trash.json()) as AppJson[];
    expect(trashed.map((x) => x.id)).toEqual([a.id]);
    expect(trashed[0]?.is_deleted).toBe(true);

    const restore = await t.request(`/api/job-applications/${a.id}/restore`, {
      method: "POST",
      token: user.token,
    });
    expect(restore.status).toBe(200);
    expect(await restore.json()).toMatchObject({ id: a.id, job_title: "Soft", is_deleted: false });
    const again = await t.request(`/api/job-applications/${a.id}/restore/`, {
      method: "POST",
      token: user.token,
    });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ detail: "Not found." });
    const get = await t.request(path, { token: user.token });
    expect(get.status).toBe(200);
  });
});

describe("job applications: listing", () => {
  let user: TestUser;
  let rows: AppJson[];
  beforeAll(async () => {
    user = await createUserWithToken(t);
    const specs = [
      { company_name: "Zeta", status: "Applied", date_applied: "2026-01-03", notes: "100% remote" },
      { company_name: "Alpha", status: "Offer", date_applied: "2026-01-01", job_title: "Go dev" },
      { company_name: "Mid_Co", status: "Applied", date_applied: null },
      { company_name: "Beta", status: "Rejected", original_job_description: "Python and SQL" },
    ];
    rows = [];
    for (const s of specs) {
      rows.push(await createApp(user, s));
      t.clock.advance(1000);
    }
  });
  const list = (query: string) =>
    t.request(`/api/job-applications/${query}`, { token: user.token });
  const idsOf = (...i: number[]) => i.map((n) => rows[n]?.id);

  it("without limit: a plain array, newest first", async () => {
    const res = await list("");
    expect(res.status).toBe(200);
    expect(await ids(res)).toEqual(idsOf(3, 2, 1, 0));
  });

  it("paginates with limit/offset and DRF's absolute next/previous links", async () => {
    const first = await list("?limit=2&status=&ordering=created_at");
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(body).toEqual({
      count: 4,
      next: "http://localhost/api/job-applications/?limit=2&offset=2&ordering=created_at&status=",
      previous: null,
      results: expect.any(Array),
    });
    expect((body.results as AppJson[]).map((r) => r.id)).toEqual(idsOf(0, 1));
    const middle = (await (await list("?limit=1&offset=2")).json()) as Record<string, unknown>;
    expect(middle).toMatchObject({
      count: 4,
      next: "http://localhost/api/job-applications/?limit=1&offset=3",
      previous: "http://localhost/api/job-applications/?limit=1&offset=1",
    });
    expect((middle.results as AppJson[]).map((r) => r.id)).toEqual(idsOf(1));
    const last = (await (await list("?limit=3&offset=2")).json()) as Record<string, unknown>;
    expect(last).toMatchObject({
      count: 4,
      next: null,
      previous: "http://localhost/api/job-applications/?limit=3",
    });
  });

  it("ignores invalid limit/offset as DRF does and caps the limit", async () => {
    for (const q of ["?limit=abc", "?limit=0", "?limit=-3"]) {
      const res = await list(q);
      expect(res.status, q).toBe(200);
      expect(await ids(res)).toEqual(idsOf(3, 2, 1, 0));
    }
    const badOffset = (await (await list("?limit=2&offset=x")).json()) as { results: AppJson[] };
    expect(badOffset.results.map((r) => r.id)).toEqual(idsOf(3, 2));
    const big = (await (await list("?limit=100000")).json()) as { next: string | null };
    expect(big).toMatchObject({ count: 4, next: null, previous: null });
  });

  it("filters by status and rejects an unknown one", async () => {
    expect(await ids(await list("?status=Applied"))).toEqual(idsOf(2, 0));
    const bad = await list("?status=Bogus");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      status: ["Select a valid choice. Bogus is not one of the available choices."],
    });
  });

  it("searches title, company, notes and description case-insensitively", async () => {
    expect(await ids(await list("?search=ALPHA"))).toEqual(idsOf(1));
    expect(await ids(await list("?search=go"))).toEqual(idsOf(1));
    expect(await ids(await list("?search=python"))).toEqual(idsOf(3));
    expect(await ids(await list("?search=remote"))).toEqual(idsOf(0));
    expect(await ids(await list("?search=python%20sql"))).toEqual(idsOf(3));
    expect(await ids(await list("?search=python%20zeta"))).toEqual([]);
  });

  it("treats LIKE wildcards in the search literally", async () => {
    expect(await ids(await list("?search=%25"))).toEqual(idsOf(0));
    expect(await ids(await list("?search=_"))).toEqual(idsOf(2));
    expect(await ids(await list("?search=%5C"))).toEqual([]);
    const nul = await list("?search=a%00b");
    expect(nul.status).toBe(400);
    expect(await nul.json()).toEqual({ search: ["Null characters are not allowed."] });
  });

  it("caps the search at 20 terms of at most 100 characters, before any database work", async () => {
    const twenty = [...Array.from({ length: 19 }, () => "a"), "alpha"].join(" ");
    expect(await ids(await list(`?search=${encodeURIComponent(twenty)}`))).toEqual(idsOf(1));
    const TOO_MANY = { search: ["Ensure this field has no more than 20 search terms."] };
    for (const q of [`${twenty},b`, Array.from({ length: 5000 }, (_, i) => `t${i}`).join(" ")]) {
      const res = await list(`?search=${encodeURIComponent(q)}&limit=5`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(TOO_MANY);
    }
    expect(await ids(await list(`?search=${"a".repeat(100)}`))).toEqual([]);
    const long = await list(`?search=alpha%20${"a".repeat(101)}`);
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({
      search: ["Ensure each search term has no more than 100 characters."],
    });
  });

  it("orders by the allowed fields and ignores unknown ones", async () => {
    expect(await ids(await list("?ordering=company_name"))).toEqual(idsOf(1, 3, 2, 0));
    expect(await ids(await list("?ordering=-company_name"))).toEqual(idsOf(0, 2, 3, 1));
    expect(await ids(await list("?ordering=-date_applied"))).toEqual(idsOf(3, 2, 0, 1));
    expect(await ids(await list("?ordering=date_applied"))).toEqual(idsOf(1, 0, 2, 3));
    expect(await ids(await list("?ordering=-updated_at"))).toEqual(idsOf(3, 2, 1, 0));
    expect(await ids(await list("?ordering=password"))).toEqual(idsOf(3, 2, 1, 0));
    expect(await ids(await list("?ordering=bogus,created_at"))).toEqual(idsOf(0, 1, 2, 3));
  });
});

describe("job applications: stats", () => {
  const DAY = 86_400_000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  it("counts by status and per week (date applied, else created) over 12 weeks", async () => {
    const user = await createUserWithToken(t);
    const now = t.clock.now();
    const today = Math.floor(now / DAY) * DAY;
    const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
    await createApp(user, { date_applied: day(monday), status: "Offer" });
    await createApp(user, { date_applied: null, status: "Offer" });
    await createApp(user, { date_applied: day(monday - 7 * DAY), status: "Rejected" });
    await createApp(user, { date_applied: day(monday - 11 * 7 * DAY) });
    await createApp(user, { date_applied: day(monday - 12 * 7 * DAY) });
    const gone = await createApp(user, { date_applied: day(monday), status: "Interviewing" });
    await t.request(`/api/job-applications/${gone.id}/`, { method: "DELETE", token: user.token });

    const res = await t.request("/api/job-applications/stats", { token: user.token });
    expect(res.status).toBe(200);
    const expected = Array.from({ length: 12 }, (_, i) => ({
      week_start: day(monday - (11 - i) * 7 * DAY),
      count: i === 11 ? 2 : i === 10 ? 1 : i === 0 ? 1 : 0,
    }));
    expect(await res.json()).toEqual({
      total: 5,
      by_status: { Applied: 2, Interviewing: 0, Offer: 2, Rejected: 1 },
      per_week: expected,
      interviews_per_week: expected.map((w) => ({ ...w, count: 0 })),
      funnel: { applied: 5, interviewing: 2, offer: 2 },
    });
    expect(new Date(`${expected[0]?.week_start}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it("is all zeros for a new user and only counts the caller's rows", async () => {
    const user = await createUserWithToken(t);
    const res = await t.request("/api/job-applications/stats/", { token: user.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; by_status: unknown; per_week: unknown[] };
    expect(body.total).toBe(0);
    expect(body.by_status).toEqual({ Applied: 0, Interviewing: 0, Offer: 0, Rejected: 0 });
    expect(body.per_week).toHaveLength(12);
    expect(body.per_week.every((w) => (w as { count: number }).count === 0)).toBe(true);
  });
});
