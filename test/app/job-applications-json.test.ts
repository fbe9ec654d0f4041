import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ORDER } from "../../src/features/job-applications/job-applications.listing";
import {
  listJobApplications,
  listJobApplicationsJson,
} from "../../src/features/job-applications/job-applications.queries";
import { toJobApplicationJson } from "../../src/features/job-applications/job-applications.serializers";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * The plain list is written as JSON by PostgreSQL; every other list goes through drizzle and
 * `toJobApplicationJson`. Both must give the same bytes, on rows a client or the existing Django
 * service could have stored: escapes, control characters, emoji, nulls, microsecond timestamps
 * in other offsets, the same created_at twice (ties broken by id).
 */
let t: TestContext;
let alice: TestUser;
let resumeId: number;
beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
  const res = await t.request("/api/resumes/", {
    method: "POST",
    token: alice.token,
    json: { title: "CV", content: "body" },
  });
  resumeId = ((await res.json()) as { id: number }).id;
});
afterAll(() => t.close());

const TRICKY = [
  'quote " backslash \\ slash / tab \t newline \n return \r',
  "control \u0001\u001f\u007f and \u2028\u2029 separators",
  "accents éü, CJK 履歴書, emoji 😀👩‍💻, RTL مرحبا",
  "",
];

async function seed() {
  const db = t.deps.database.db;
  const stamps = [
    "2026-01-02 03:04:05.123999+00",
    "2026-01-02 03:04:05.123999+00",
    "2025-12-31 23:59:59.999999-05",
    "2026-06-30 12:00:00+02",
    "2024-02-29 00:00:00.000001+00",
  ];
  for (const [i, stamp] of stamps.entries()) {
    const text = TRICKY[i % TRICKY.length] ?? "";
    await db.execute(sql`insert into job_tracker_jobapplication
      (job_title, company_name, original_job_description, date_applied, status, notes,
       is_deleted, is_example, created_at, updated_at, user_id, resume_used_id)
      values (${text}, ${i % 2 ? null : `Co ${text}`}, ${i === 3 ? null : text},
        ${i % 2 ? "2026-03-04" : null}, ${i % 2 ? "Interview" : "Applied"}, ${i === 1 ? null : text},
        false, ${i === 4}, ${stamp}::timestamptz, ${stamp}::timestamptz + interval '1 second',
        ${alice.id}, ${i === 2 ? resumeId : null})`);
  }
  await db.execute(sql`insert into job_tracker_jobapplication
    (job_title, status, is_deleted, is_example, created_at, updated_at, user_id)
    values ('deleted one', 'Rejected', true, false, now(), now(), ${alice.id})`);
}

describe("the plain list written by PostgreSQL", () => {
  it("is byte for byte what the drizzle path serialises, live and deleted", async () => {
    await seed();
    const db = t.deps.database.db;
    for (const deleted of [false, true]) {
      const filter = { userId: alice.id, deleted, terms: [] };
      const page = { limit: 100, offset: 0 };
      const rows = await listJobApplications(db, { filter, order: DEFAULT_ORDER, page });
      expect(rows.length).toBeGreaterThan(0);
      const expected = JSON.stringify(rows.map(toJobApplicationJson));
      expect(await listJobApplicationsJson(db, { userId: alice.id, deleted })).toBe(expected);
    }
  });

  it("is what GET /api/job-applications/ answers, and [] for a user with none", async () => {
    // No contract check: the rows were written straight into the table, with a status outside
    // the choices (as a Django database may hold), which the document's enum refuses.
    const res = await t.request("/api/job-applications/", { token: alice.token, contract: false });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe(
      await listJobApplicationsJson(t.deps.database.db, { userId: alice.id, deleted: false }),
    );
    const bob = await createUserWithToken(t);
    const empty = await t.request("/api/job-applications/", { token: bob.token });
    expect(await empty.text()).toBe("[]");
  });
});
