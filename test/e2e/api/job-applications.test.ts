import { describe, expect, it } from "vitest";
import { apiSuite, type Session, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

const BASE = "/api/job-applications/";
interface App {
  id: number;
  job_title: string;
  company_name: string;
  status: string;
  is_deleted: boolean;
}

async function create(target: { url: string }, me: Session, json: Record<string, unknown>) {
  const res = await call(target, "POST", BASE, { token: me.access, json });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as App;
}

const get = apiSuite;

describe("job applications", () => {
  it("CRUD with defaults, read-only fields ignored, resume_used checked", async () => {
    const { target } = get();
    const me = await signUp(target);
    const resume = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      json: { title: "CV", content: "# CV" },
    });
    const resumeId = (resume.body as { id: number }).id;
    const app = await create(target, me, {
      job_title: "Engineer",
      company_name: "Acme",
      resume_used: resumeId,
      user: 999_999,
      is_example: true,
    });
    expect(app).toMatchObject({
      job_title: "Engineer",
      company_name: "Acme",
      original_job_description: null,
      date_applied: null,
      status: "Applied",
      notes: null,
      is_deleted: false,
      is_example: false,
      user: me.id,
      resume_used: resumeId,
    });
    const path = `${BASE}${app.id}/`;
    const got = await call(target, "GET", path, { token: me.access });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(app);
    const put = await call(target, "PUT", path, {
      token: me.access,
      json: {
        job_title: "Lead",
        company_name: "Acme",
        status: "Offer",
        date_applied: "2026-01-05",
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      job_title: "Lead",
      status: "Offer",
      date_applied: "2026-01-05",
    });
    const patch = await call(target, "PATCH", path, {
      token: me.access,
      json: { notes: "call back" },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ job_title: "Lead", notes: "call back" });

    // Separately: the app checks resume_used only once the fields are valid, where DRF would
    // report both together (see the report of this suite).
    const bad = await call(target, "PATCH", path, {
      token: me.access,
      json: { status: "Bogus" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ status: ['"Bogus" is not a valid choice.'] });
    const foreignResume = await call(target, "PATCH", path, {
      token: me.access,
      json: { resume_used: 2_000_000_000 },
    });
    expect(foreignResume.status).toBe(400);
    expect(foreignResume.body).toEqual({
      resume_used: ['Invalid pk "2000000000" - object does not exist.'],
    });
    const other = await signUp(target);
    const foreign = await call(target, "GET", path, { token: other.access });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ detail: "Not found." });
  });

  it("lists as a plain array, or paginated with filters and ordering", async () => {
    const { target } = get();
    const me = await signUp(target);
    const a = await create(target, me, {
      company_name: "Zeta",
      status: "Applied",
      notes: "Remote OK",
    });
    const b = await create(target, me, { company_name: "Alpha", status: "Offer" });
    const c = await create(target, me, { company_name: "Mid", status: "Applied" });
    const ids = (body: unknown) => (body as App[]).map((x) => x.id);

    const plain = await call(target, "GET", BASE, { token: me.access });
    expect(plain.status).toBe(200);
    expect(ids(plain.body)).toEqual([c.id, b.id, a.id]);

    const page = await call(target, "GET", `${BASE}?limit=2&offset=0`, { token: me.access });
    expect(page.status).toBe(200);
    const env = page.body as { count: number; next: string; previous: null; results: App[] };
    expect(env).toEqual({
      count: 3,
      next: `${target.url}${BASE}?limit=2&offset=2`,
      previous: null,
      results: expect.any(Array),
    });
    expect(ids(env.results)).toEqual([c.id, b.id]);
    const next = await call(target, "GET", new URL(env.next).pathname + new URL(env.next).search, {
      token: me.access,
    });
    expect(next.body).toMatchObject({
      count: 3,
      next: null,
      previous: `${target.url}${BASE}?limit=2`,
    });
    expect(ids((next.body as { results: App[] }).results)).toEqual([a.id]);

    const applied = await call(target, "GET", `${BASE}?status=Applied`, { token: me.access });
    expect(ids(applied.body)).toEqual([c.id, a.id]);
    const search = await call(target, "GET", `${BASE}?search=remote`, { token: me.access });
    expect(ids(search.body)).toEqual([a.id]);
    const ordered = await call(target, "GET", `${BASE}?ordering=company_name`, {
      token: me.access,
    });
    expect(ids(ordered.body)).toEqual([b.id, c.id, a.id]);
  });

  it("soft delete, ?deleted=true, restore, and stats", async () => {
    const { target } = get();
    const me = await signUp(target);
    const gone = await create(target, me, { job_title: "Soft", status: "Rejected" });
    const kept = await create(target, me, { job_title: "Kept", status: "Interviewing" });
    const path = `${BASE}${gone.id}/`;
    const del = await call(target, "DELETE", path, { token: me.access });
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const hidden = await call(target, "GET", path, { token: me.access });
    expect(hidden.status).toBe(404);
    const list = await call(target, "GET", BASE, { token: me.access });
    expect((list.body as App[]).map((x) => x.id)).toEqual([kept.id]);

    const stats = await call(target, "GET", `${BASE}stats/`, { token: me.access });
    expect(stats.status).toBe(200);
    const body = stats.body as {
      total: number;
      by_status: unknown;
      per_week: { count: number }[];
    };
    expect(body.total).toBe(1);
    expect(body.by_status).toEqual({ Applied: 0, Interviewing: 1, Offer: 0, Rejected: 0 });
    expect(body.per_week).toHaveLength(12);
    expect(body.per_week.at(-1)?.count).toBe(1);

    const trash = await call(target, "GET", `${BASE}?deleted=true`, { token: me.access });
    expect(trash.status).toBe(200);
    expect(trash.body).toEqual([expect.objectContaining({ id: gone.id, is_deleted: true })]);
    const restore = await call(target, "POST", `${path}restore/`, { token: me.access });
    expect(restore.status).toBe(200);
    expect(restore.body).toMatchObject({ id: gone.id, job_title: "Soft", is_deleted: false });
    const back = await call(target, "GET", path, { token: me.access });
    expect(back.status).toBe(200);
    const after = await call(target, "GET", `${BASE}stats`, { token: me.access });
    expect((after.body as { total: number }).total).toBe(2);
  });
});
