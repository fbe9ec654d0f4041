import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext({ env: { THROTTLE_BULK: "1000/hour" } });
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

const importCsv = (user: TestUser, body: string, query = "", type = "text/csv") =>
  t.request(`/api/job-applications/import/${query}`, {
    method: "POST",
    token: user.token,
    headers: { "content-type": type },
    body,
  });

async function list(user: TestUser) {
  const res = await t.request("/api/job-applications/?ordering=created_at", { token: user.token });
  return (await res.json()) as Record<string, unknown>[];
}

async function exportCsv(user: TestUser, query = "?format=csv") {
  const res = await t.request(`/api/job-applications/export/${query}`, { token: user.token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
  return res.text();
}

describe("CSV import", () => {
  it("creates every row: aliases, BOM, quoting, status case; each with its created entry", async () => {
    const user = await createUserWithToken(t);
    const csv =
      '\uFEFFCompany, Job  Title ,STAGE,Date,URL,Ignored\r\n"Initech, Inc.","SRE ""night""",interviewing,2026-01-20,https://x.example,zzz\r\nAcme,"Backend\nengineer",,,,\r\n';
    const res = await importCsv(user, csv);
    const body = (await res.json()) as { created: number; ids: number[] };
    expect(res.status).toBe(201);
    expect(body).toEqual({ created: 2, ids: [expect.any(Number), expect.any(Number)] });
    const rows = await list(user);
    expect(
      rows.map((r) => [r.company_name, r.job_title, r.status, r.date_applied, r.notes]),
    ).toEqual([
      // The posting's link has no column: it is kept in the notes, as intake keeps a page's.
      ["Initech, Inc.", 'SRE "night"', "Interviewing", "2026-01-20", "Source: https://x.example"],
      ["Acme", "Backend\nengineer", "Applied", null, null],
    ]);
    const tl = await t.request(`/api/job-applications/${body.ids[0]}/timeline/`, {
      token: user.token,
    });
    expect(
      ((await tl.json()) as { kind: string; data: unknown }[]).map((e) => [e.kind, e.data]),
    ).toEqual([["created", { status: "Interviewing" }]]);
  });

  it("a link column goes after the notes, on a line of its own; a blank link adds nothing", async () => {
    const user = await createUserWithToken(t);
    const csv = "title,notes,Link\nA,Called Jane,  https://jobs.example/1 \nB,Just notes,\n";
    expect((await importCsv(user, csv)).status).toBe(201);
    expect((await list(user)).map((r) => [r.job_title, r.notes])).toEqual([
      ["A", "Called Jane\nSource: https://jobs.example/1"],
      ["B", "Just notes"],
    ]);
  });

  it("a CSV with one bad row writes nothing and names the row", async () => {
    const user = await createUserWithToken(t);
    const csv = `title,company,status,date_applied\nA,Acme,Applied,2026-01-01\nB,Beta,Bogus,2026-13-01\nC,${"x".repeat(256)},Offer,\n`;
    expect(await answer(await importCsv(user, csv))).toEqual({
      status: 400,
      body: {
        rows: {
          "2": {
            status: ['"Bogus" is not a valid choice.'],
            date_applied: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
          },
          "3": { company_name: ["Ensure this field has no more than 255 characters."] },
        },
      },
    });
    expect(await list(user)).toEqual([]);
  });

  it("dry run validates without writing", async () => {
    const user = await createUserWithToken(t);
    const res = await importCsv(user, "title\nA\nB\n", "?dry_run=true");
    expect(await answer(res)).toEqual({ status: 200, body: { created: 0, valid: 2 } });
    expect(await list(user)).toEqual([]);
  });

  it("refuses more than 500 rows, no rows, malformed text and other media types", async () => {
    const user = await createUserWithToken(t);
    const many = `title\n${"x\n".repeat(501)}`;
    expect(await answer(await importCsv(user, many))).toEqual({
      status: 400,
      body: { non_field_errors: ["Ensure the file has no more than 500 rows."] },
    });
    expect(await answer(await importCsv(user, "title\n"))).toEqual({
      status: 400,
      body: { non_field_errors: ["The file has no data rows."] },
    });
    const broken = await answer(await importCsv(user, 'title\n"never closed\n'));
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ detail: expect.stringMatching(/^CSV parse error - /) });
    expect(await answer(await importCsv(user, "{}", "", "application/json"))).toEqual({
      status: 415,
      body: { detail: 'Unsupported media type "application/json" in request.' },
    });
    const big = await importCsv(user, `title\n${"y".repeat(1024 * 1024)}\n`);
    expect(big.status).toBe(413);
    expect(await list(user)).toEqual([]);
  });

  it("takes exactly 500 rows", async () => {
    const user = await createUserWithToken(t);
    const csv = `title,company\n${Array.from({ length: 500 }, (_, i) => `Job ${i},Co ${i}`).join("\n")}`;
    const res = await importCsv(user, csv);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { created: number }).created).toBe(500);
  });
});

describe("CSV export", () => {
  it("writes a header and one line per application with the day each status was reached", async () => {
    const user = await createUserWithToken(t);
    const app = await createApplication(t, user, { date_applied: "2026-01-05" });
    await t.request(`/api/job-applications/${app.id}/`, {
      method: "PATCH",
      token: user.token,
      json: { status: "Interviewing" },
    });
    const today = new Date(t.clock.now()).toISOString().slice(0, 10);
    const records = parse(await exportCsv(user), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      job_title: "Backend engineer",
      status: "Interviewing",
      date_applied: "2026-01-05",
      reached_applied: "2026-01-05",
      reached_interviewing: today,
      reached_offer: "",
      reached_rejected: "",
    });
  });

  it("applies the list's filters and only the caller's rows; a bad format is 400", async () => {
    const user = await createUserWithToken(t);
    await createApplication(t, user, { company_name: "KeepMe", status: "Offer" });
    await createApplication(t, user, { company_name: "DropMe" });
    await createApplication(t, bob, { company_name: "Bobs" });
    const records = parse(await exportCsv(user, "?format=csv&status=Offer"), {
      columns: true,
    }) as Record<string, string>[];
    expect(records.map((r) => r.company_name)).toEqual(["KeepMe"]);
    const bad = await t.request("/api/job-applications/export/?format=xlsx", { token: user.token });
    expect(await answer(bad)).toEqual({
      status: 400,
      body: { format: ['"xlsx" is not a valid choice.'] },
    });
  });

  it("neutralises formulas, and the export imports back", async () => {
    const user = await createUserWithToken(t);
    await createApplication(t, user, {
      job_title: '=HYPERLINK("http://evil")',
      company_name: '+Plus, "Quoted"',
      notes: "-1\nsecond line",
      original_job_description: "@SUM(A1)",
      date_applied: "2026-02-01",
      status: "Rejected",
    });
    await createApplication(t, user, { job_title: "Plain", company_name: "Plain" });
    const csv = await exportCsv(user, "?format=csv&ordering=created_at");
    const cells = parse(csv, { columns: true }) as Record<string, string>[];
    expect(cells[0]?.job_title).toBe('\'=HYPERLINK("http://evil")');
    expect(cells[0]?.company_name).toBe('\'+Plus, "Quoted"');
    expect(cells[0]?.original_job_description).toBe("'@SUM(A1)");
    expect(cells[0]?.notes).toBe("'-1\nsecond line");
    expect(cells[1]?.job_title).toBe("Plain");

    const copy = await createUserWithToken(t);
    const res = await importCsv(copy, csv);
    expect(res.status).toBe(201);
    const fields = (rows: Record<string, unknown>[]) =>
      rows.map((r) => [
        r.job_title,
        r.company_name,
        r.status,
        r.date_applied,
        r.notes,
        r.original_job_description,
      ]);
    expect(fields(await list(copy))).toEqual(fields(await list(user)));
  });
});

describe("CSV: access", () => {
  it("needs a signed-in user", async () => {
    expect((await t.request("/api/job-applications/export/")).status).toBe(401);
    const anon = await t.request("/api/job-applications/import/", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "title\nx\n",
    });
    expect(anon.status).toBe(401);
    expect(alice.id).not.toBe(bob.id);
  });
});
