import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { apiSuite, type Session, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

/**
 * The tracker's timeline, CSV import/export, bulk changes and the stats funnel (issue 23) on the
 * real server: Node, or workerd with real PostgreSQL and Redis with E2E_WORKER=1.
 */
interface Entry {
  id: number;
  kind: string;
  at: string;
  data: Record<string, unknown>;
}
type Row = Record<string, unknown> & { id: number; status: string };

const target = () => apiSuite().target;
const appPath = (id: number) => `/api/job-applications/${id}/`;

async function send(me: Session, method: string, path: string, json?: unknown) {
  return call(target(), method, path, { token: me.access, ...(json ? { json } : {}) });
}

async function created(me: Session, path: string, json: unknown) {
  const res = await send(me, "POST", path, json);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Row;
}

async function timeline(me: Session, id: number): Promise<Entry[]> {
  const res = await send(me, "GET", `${appPath(id)}timeline/`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const entries = res.body as Entry[];
  // Oldest first: by time, then by id within one transaction.
  const order = entries.map((e) => [e.at, e.id] as const);
  const sorted = [...order].sort(([a, x], [b, y]) => (a === b ? x - y : a < b ? -1 : 1));
  expect(order).toEqual(sorted);
  return entries;
}

const kinds = (entries: Entry[]) => entries.map((e) => [e.kind, e.data]);

function importCsv(me: Session, csv: string, query = "") {
  return call(target(), "POST", `/api/job-applications/import/${query}`, {
    token: me.access,
    raw: csv,
    headers: { "content-type": "text/csv" },
  });
}

/** The caller's live applications, oldest first (ties: by id, the import's row order). */
async function list(me: Session): Promise<Row[]> {
  const res = await send(me, "GET", "/api/job-applications/?ordering=created_at");
  expect(res.status).toBe(200);
  return res.body as Row[];
}

async function exportCsv(me: Session, query: string) {
  const res = await send(me, "GET", `/api/job-applications/export/${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
  return res.body as string;
}

const statusOf = async (me: Session, id: number) =>
  ((await send(me, "GET", appPath(id))).body as Row).status;

describe("tracker: timeline", () => {
  it("records each status change once (PATCH, PUT, bulk, import), notes, delete and restore; others refused", async () => {
    const [me, other] = await Promise.all([signUp(target()), signUp(target())]);
    const a = await created(me, "/api/job-applications/", { company_name: "Acme" });
    const b = await created(me, "/api/job-applications/", { status: "Interviewing" });
    const theirs = await created(other, "/api/job-applications/", { company_name: "Other" });

    expect((await send(me, "PATCH", appPath(a.id), { status: "Interviewing" })).status).toBe(200);
    // The status it already has (with another field) is no status change.
    const same = await send(me, "PATCH", appPath(a.id), { status: "Interviewing", notes: "x" });
    expect(same.status).toBe(200);
    const put = await send(me, "PUT", appPath(a.id), { job_title: "Lead", status: "Offer" });
    expect(put.body).toMatchObject({ id: a.id, job_title: "Lead", status: "Offer" });
    const bulk = await send(me, "POST", "/api/job-applications/bulk/", {
      ids: [a.id, b.id, a.id],
      action: "update",
      status: "Rejected",
    });
    expect(bulk).toMatchObject({ status: 200, body: { updated: 2 } });
    // A refused change records nothing.
    const bogus = await send(me, "PATCH", appPath(a.id), { status: "Bogus" });
    expect(bogus).toMatchObject({
      status: 400,
      body: { status: ['"Bogus" is not a valid choice.'] },
    });
    const note = await send(me, "POST", `${appPath(a.id)}notes/`, { text: "  Called back  " });
    expect(note.status).toBe(201);
    expect(note.body).toEqual({
      id: expect.any(Number),
      kind: "note",
      at: expect.any(String),
      data: { text: "Called back" },
    });
    expect((await send(me, "DELETE", appPath(a.id))).status).toBe(204);
    expect((await send(me, "GET", `${appPath(a.id)}timeline/`)).status).toBe(404);
    const restored = await send(me, "POST", `${appPath(a.id)}restore/`);
    expect(restored).toMatchObject({ status: 200, body: { id: a.id, status: "Rejected" } });

    const entries = await timeline(me, a.id);
    expect(kinds(entries)).toEqual([
      ["created", { status: "Applied" }],
      ["status_changed", { from: "Applied", to: "Interviewing" }],
      ["status_changed", { from: "Interviewing", to: "Offer" }],
      ["status_changed", { from: "Offer", to: "Rejected" }],
      ["note", { text: "Called back" }],
      ["deleted", {}],
      ["restored", {}],
    ]);
    expect(entries[4]).toEqual(note.body);
    expect(kinds(await timeline(me, b.id))).toEqual([
      ["created", { status: "Interviewing" }],
      ["status_changed", { from: "Interviewing", to: "Rejected" }],
    ]);

    const imported = await importCsv(me, "Company,Stage\nImported,OFFER\n");
    expect(imported).toMatchObject({ status: 201, body: { created: 1 } });
    const [importedId] = (imported.body as { ids: number[] }).ids;
    expect(kinds(await timeline(me, importedId ?? 0))).toEqual([["created", { status: "Offer" }]]);

    // Another user's application: every path answers 404 and nothing is recorded.
    const denied = [
      await send(other, "GET", `${appPath(a.id)}timeline/`),
      await send(other, "POST", `${appPath(a.id)}notes/`, { text: "hi" }),
      await send(other, "PATCH", appPath(a.id), { status: "Applied" }),
      await send(other, "PUT", appPath(a.id), { status: "Applied" }),
      await send(other, "DELETE", appPath(a.id)),
      await send(other, "POST", `${appPath(a.id)}restore/`),
    ];
    for (const res of denied)
      expect(res).toMatchObject({ status: 404, body: { detail: "Not found." } });
    expect(await send(me, "GET", `${appPath(theirs.id)}timeline/`)).toMatchObject({ status: 404 });
    expect(await timeline(me, a.id)).toEqual(entries);
    expect(kinds(await timeline(other, theirs.id))).toEqual([["created", { status: "Applied" }]]);
  });

  it("concurrent changes to one status, and concurrent deletes, are each recorded once", async () => {
    const me = await signUp(target());
    const a = await created(me, "/api/job-applications/", { company_name: "Raced" });
    const b = await created(me, "/api/job-applications/", { company_name: "Also raced" });
    const toOffer = await Promise.all([
      send(me, "PATCH", appPath(a.id), { status: "Offer" }),
      send(me, "PUT", appPath(a.id), { company_name: "Raced", status: "Offer" }),
      send(me, "PATCH", appPath(a.id), { status: "Offer" }),
      send(me, "POST", "/api/job-applications/bulk/", {
        ids: [a.id, b.id],
        action: "update",
        status: "Offer",
      }),
      send(me, "POST", "/api/job-applications/bulk/", {
        ids: [b.id, a.id],
        action: "update",
        status: "Offer",
      }),
    ]);
    expect(toOffer.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (const id of [a.id, b.id])
      expect(kinds(await timeline(me, id))).toEqual([
        ["created", { status: "Applied" }],
        ["status_changed", { from: "Applied", to: "Offer" }],
      ]);

    // One delete wins; the others find no live row (404 alone, 400 on ids in bulk).
    const deletes = await Promise.all([
      send(me, "DELETE", appPath(a.id)),
      send(me, "DELETE", appPath(a.id)),
      send(me, "POST", "/api/job-applications/bulk/", { ids: [a.id], action: "delete" }),
    ]);
    const won = deletes.filter((r) => r.status === 204 || r.status === 200);
    expect(won).toHaveLength(1);
    expect(deletes.filter((r) => r.status === 404 || r.status === 400)).toHaveLength(2);
    expect((await send(me, "POST", `${appPath(a.id)}restore/`)).status).toBe(200);
    expect((await timeline(me, a.id)).map((e) => e.kind)).toEqual([
      "created",
      "status_changed",
      "deleted",
      "restored",
    ]);
  });

  it("becoming Applied with a resume keeps what was sent, readable after the resume is edited", async () => {
    const [me, other] = await Promise.all([signUp(target()), signUp(target())]);
    const resume = await created(me, "/api/resumes/", { title: "CV v1", content: "# Sent text" });
    const theirResume = await created(other, "/api/resumes/", { title: "Theirs", content: "#" });
    const refused = await send(me, "POST", "/api/job-applications/", {
      resume_used: theirResume.id,
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { resume_used: [`Invalid pk "${theirResume.id}" - object does not exist.`] },
    });
    const app = await created(me, "/api/job-applications/", {
      status: "Interviewing",
      resume_used: resume.id,
    });
    const viaBulk = await created(me, "/api/job-applications/", {
      status: "Rejected",
      resume_used: resume.id,
    });
    expect(kinds(await timeline(me, app.id))).toEqual([["created", { status: "Interviewing" }]]);
    expect((await send(me, "PATCH", appPath(app.id), { status: "Applied" })).status).toBe(200);
    const edit = await send(me, "PUT", `/api/resumes/${resume.id}/`, {
      title: "CV v2",
      content: "# Edited later",
    });
    expect(edit.status).toBe(200);
    const bulk = await send(me, "POST", "/api/job-applications/bulk/", {
      ids: [viaBulk.id],
      action: "update",
      status: "Applied",
    });
    expect(bulk).toMatchObject({ status: 200, body: { updated: 1 } });

    const sentOf = async (id: number) => {
      const sent = (await timeline(me, id)).filter((e) => e.kind === "resume_sent");
      expect(sent).toHaveLength(1);
      expect(sent[0]?.data).toEqual({ resume_id: resume.id, version_id: expect.any(Number) });
      return sent[0]?.data.version_id as number;
    };
    const first = await sentOf(app.id);
    const second = await sentOf(viaBulk.id);
    expect(second).not.toBe(first);
    expect(
      (await send(me, "PATCH", `/api/resumes/${resume.id}/`, { content: "# Third" })).status,
    ).toBe(200);
    const version = (id: number, who = me) =>
      send(who, "GET", `/api/resumes/${resume.id}/versions/${id}/`);
    expect(await version(first)).toMatchObject({
      status: 200,
      body: { id: first, title: "CV v1", content: "# Sent text" },
    });
    expect(await version(second)).toMatchObject({
      status: 200,
      body: { id: second, title: "CV v2", content: "# Edited later" },
    });
    expect(await version(first, other)).toMatchObject({ status: 404 });
    // The kept copies are read by id; the resume's edit history lists only its earlier states.
    const history = await send(me, "GET", `/api/resumes/${resume.id}/versions/`);
    const listed = (history.body as { id: number; title: string }[]).map((v) => v.id);
    expect(listed).toHaveLength(2);
    expect(listed).not.toContain(first);
    expect(listed).not.toContain(second);
  });
});

describe("tracker: CSV", () => {
  it("imports a BOM, quoted cells and header aliases; a dry run and a file with one bad row write nothing", async () => {
    const me = await signUp(target());
    const csv =
      "\uFEFFCompany, Job  Title ,STAGE,Date,URL,Description,Ignored\r\n" +
      '"Initech, Inc.","SRE ""night""",interviewing,2026-01-20,https://x.example,"line one\r\nline, two",zzz\r\n' +
      "Acme,Backend engineer,,,,,\r\n" +
      // A link alone is kept (in the notes); ignored columns alone are skipped, as a blank row is.
      ",,,,https://only.example,,zzz\r\n" +
      ",,,,,,zzz\r\n" +
      ",,,,,,\r\n";
    const dry = await importCsv(me, csv, "?dry_run=true");
    expect(dry).toMatchObject({ status: 200, body: { created: 0, valid: 3 } });
    expect(await list(me)).toEqual([]);

    const res = await importCsv(me, csv);
    expect(res).toMatchObject({ status: 201, body: { created: 3 } });
    const { ids } = res.body as { ids: number[] };
    const rows = await list(me);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(
      rows.map((r) => [
        r.company_name,
        r.job_title,
        r.status,
        r.date_applied,
        r.original_job_description,
        r.notes,
      ]),
    ).toEqual([
      [
        "Initech, Inc.",
        'SRE "night"',
        "Interviewing",
        "2026-01-20",
        "line one\r\nline, two",
        "Source: https://x.example",
      ],
      ["Acme", "Backend engineer", "Applied", null, null, null],
      [null, null, "Applied", null, null, "Source: https://only.example"],
    ]);

    const bad = await importCsv(
      me,
      "title,company,status,date_applied\nA,Alpha,Applied,2026-01-01\nB,Beta,Bogus,2026-01-02\nC,Gamma,Offer,\n",
    );
    expect([bad.status, bad.body]).toEqual([
      400,
      { rows: { "2": { status: ['"Bogus" is not a valid choice.'] } } },
    ]);
    const malformed = await importCsv(me, 'title\n"never closed\n');
    expect(malformed).toMatchObject({
      status: 400,
      body: { detail: expect.stringMatching(/^CSV parse error - /) },
    });
    const json = await call(target(), "POST", "/api/job-applications/import/", {
      token: me.access,
      json: { title: "x" },
    });
    expect(json.status).toBe(415);
    expect((await list(me)).map((r) => r.id)).toEqual(ids);
  });

  it("reads a chunked upload split inside the BOM and a character; Idempotency-Key replays the import", async () => {
    const me = await signUp(target());
    const text = "\uFEFFCompany,Notes\nSociété Générale,Café ☕\n";
    const bytes = new TextEncoder().encode(text);
    // Byte offsets one past the start of a multi-byte character: the BOM, an é, the ☕.
    const inside = (prefix: string) => new TextEncoder().encode(prefix).length + 1;
    const cuts = [
      0,
      1,
      inside("\uFEFFCompany,Notes\nSoci"),
      inside(text.slice(0, -2)),
      bytes.length,
    ];
    const chunks = cuts.slice(1).map((end, i) => bytes.slice(cuts[i], end));
    // A key of this run's own: the store (Redis on workerd) outlives the run's database, whose
    // user ids start again at 1, and a fixed key would meet an earlier run's answer.
    const headers = {
      "content-type": "text/csv; charset=utf-8",
      "idempotency-key": `csv-${randomUUID()}`,
    };
    const upload = (body: Uint8Array[]) =>
      call(target(), "POST", "/api/job-applications/import/", {
        token: me.access,
        chunks: body,
        headers,
      });
    const first = await upload(chunks);
    expect(first).toMatchObject({ status: 201, body: { created: 1 } });
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const rows = await list(me);
    expect(rows.map((r) => [r.company_name, r.notes])).toEqual([["Société Générale", "Café ☕"]]);

    const again = await upload([bytes]);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const other = await upload([new TextEncoder().encode("Company\nElse\n")]);
    expect(other).toMatchObject({
      status: 422,
      body: { detail: "This Idempotency-Key was already used with a different request." },
    });
    expect(await list(me)).toEqual(rows);
  });

  it("takes 500 rows; 501 rows and a body over the cap (declared or chunked) write nothing", async () => {
    const me = await signUp(target());
    const rows = (n: number) =>
      `Title,Company\n${Array.from({ length: n }, (_, i) => `Job ${i},Co ${i}`).join("\n")}\n`;
    const count = async () =>
      ((await send(me, "GET", "/api/job-applications/?limit=1")).body as { count: number }).count;
    expect(await importCsv(me, rows(501))).toMatchObject({
      status: 400,
      body: { non_field_errors: ["Ensure the file has no more than 500 rows."] },
    });
    const big = `Title\n${"y".repeat(1024 * 1024)}\n`;
    expect(await importCsv(me, big)).toMatchObject({
      status: 413,
      body: { detail: "Request body too large." },
    });
    const piece = new TextEncoder().encode("z".repeat(64 * 1024));
    const chunked = await call(target(), "POST", "/api/job-applications/import/", {
      token: me.access,
      chunks: [new TextEncoder().encode("Title\n"), ...Array.from({ length: 17 }, () => piece)],
      headers: { "content-type": "text/csv" },
    });
    expect(chunked).toMatchObject({ status: 413, body: { detail: "Request body too large." } });
    expect(await count()).toBe(0);

    const full = await importCsv(me, rows(500));
    expect(full).toMatchObject({ status: 201, body: { created: 500 } });
    expect(await count()).toBe(500);
    const last = (await list(me)).at(-1);
    expect(last).toMatchObject({ job_title: "Job 499", company_name: "Co 499", status: "Applied" });
  });

  it("exports the status dates with formulas guarded, and the file imports back", async () => {
    const [me, copy] = await Promise.all([signUp(target()), signUp(target())]);
    const risky = await created(me, "/api/job-applications/", {
      job_title: '=HYPERLINK("http://evil")',
      company_name: '+Plus, "Quoted"',
      notes: "-1\nsecond line",
      original_job_description: "@SUM(A1)",
      date_applied: "2026-02-01",
    });
    const plain = await created(me, "/api/job-applications/", {
      job_title: "Plain",
      company_name: "Plain",
      status: "Interviewing",
      // Already guarded by hand: exported with one more quote, so it comes back as typed.
      notes: "'=typed with its quote",
    });
    expect((await send(me, "PATCH", appPath(risky.id), { status: "Interviewing" })).status).toBe(
      200,
    );
    const rejected = await send(me, "POST", "/api/job-applications/bulk/", {
      ids: [risky.id],
      action: "update",
      status: "Rejected",
    });
    expect(rejected.status).toBe(200);
    await created(copy, "/api/job-applications/", { company_name: "Not exported" });

    const csv = await exportCsv(me, "?format=csv&ordering=created_at");
    expect(csv.endsWith("\r\n")).toBe(true);
    const cells = parse(csv, { columns: true }) as Record<string, string>[];
    const dayOf = (entries: Entry[], to: string) =>
      entries.find((e) => (e.data.to ?? e.data.status) === to)?.at.slice(0, 10);
    const riskyDays = await timeline(me, risky.id);
    const plainDays = await timeline(me, plain.id);
    expect(cells).toEqual([
      {
        job_title: '\'=HYPERLINK("http://evil")',
        company_name: '\'+Plus, "Quoted"',
        status: "Rejected",
        date_applied: "2026-02-01",
        original_job_description: "'@SUM(A1)",
        notes: "'-1\nsecond line",
        created_at: risky.created_at,
        reached_applied: "2026-02-01",
        reached_interviewing: dayOf(riskyDays, "Interviewing"),
        reached_offer: "",
        reached_rejected: dayOf(riskyDays, "Rejected"),
      },
      {
        job_title: "Plain",
        company_name: "Plain",
        status: "Interviewing",
        date_applied: "",
        original_job_description: "",
        notes: "''=typed with its quote",
        created_at: plain.created_at,
        reached_applied: "",
        reached_interviewing: dayOf(plainDays, "Interviewing"),
        reached_offer: "",
        reached_rejected: "",
      },
    ]);
    const offers = parse(await exportCsv(me, "?format=csv&status=Offer"), { columns: true });
    expect(offers).toEqual([]);

    const back = await importCsv(copy, csv);
    expect(back).toMatchObject({ status: 201, body: { created: 2 } });
    const fields = (rows: Row[]) =>
      rows.map((r) => [
        r.job_title,
        r.company_name,
        r.status,
        r.date_applied,
        r.notes,
        r.original_job_description,
      ]);
    const copied = (await list(copy)).slice(1);
    expect(fields(copied)).toEqual(fields(await list(me)));
    expect(copied[0]?.job_title).toBe('=HYPERLINK("http://evil")');
    expect(copied[1]?.notes).toBe("'=typed with its quote");
  });
});

/** The counts a week list should show for these times (each week from its Monday, 7 days). */
function perWeek(weeks: { week_start: string }[], times: string[]) {
  return weeks.map(({ week_start }) => {
    const start = Date.parse(`${week_start}T00:00:00Z`);
    const inWeek = (t: string) => Date.parse(t) >= start && Date.parse(t) < start + 7 * 86_400_000;
    return { week_start, count: times.filter(inWeek).length };
  });
}

describe("tracker: bulk and stats", () => {
  it("changes, deletes and restores several ids; another user's id refuses the whole request", async () => {
    const [me, other] = await Promise.all([signUp(target()), signUp(target())]);
    const [a, b, c] = [
      await created(me, "/api/job-applications/", { company_name: "A" }),
      await created(me, "/api/job-applications/", { company_name: "B" }),
      await created(me, "/api/job-applications/", { company_name: "C", status: "Offer" }),
    ];
    const theirs = await created(other, "/api/job-applications/", { company_name: "Theirs" });
    const bulk = (who: Session, json: unknown) =>
      send(who, "POST", "/api/job-applications/bulk/", json);
    const notFound = (id: number) => `Invalid pk "${id}" - object does not exist.`;

    const foreign = [a.id, theirs.id, b.id];
    const refusals = [
      [{ action: "update", status: "Interviewing" }, [theirs.id]],
      [{ action: "delete" }, [theirs.id]],
      // Restore needs deleted rows: the live ones are named as well, in the request's order.
      [{ action: "restore" }, foreign],
    ] as const;
    for (const [action, named] of refusals) {
      const refused = await bulk(me, { ids: foreign, ...action });
      expect(refused).toMatchObject({ status: 400, body: { ids: named.map(notFound) } });
    }
    expect(await statusOf(other, theirs.id)).toBe("Applied");
    expect(await statusOf(me, a.id)).toBe("Applied");
    expect((await list(me)).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    expect(kinds(await timeline(me, a.id))).toEqual([["created", { status: "Applied" }]]);

    const moved = await bulk(me, { ids: [a.id, b.id, c.id], action: "update", status: "Offer" });
    expect(moved).toMatchObject({ status: 200, body: { updated: 3 } });
    expect(await Promise.all([a, b, c].map((r) => statusOf(me, r.id)))).toEqual([
      "Offer",
      "Offer",
      "Offer",
    ]);
    expect(kinds(await timeline(me, c.id))).toEqual([["created", { status: "Offer" }]]);

    const deleted = await bulk(me, { ids: [a.id, b.id], action: "delete" });
    expect(deleted).toMatchObject({ status: 200, body: { updated: 2 } });
    expect((await list(me)).map((r) => r.id)).toEqual([c.id]);
    const trash = parse(await exportCsv(me, "?format=csv&deleted=true&ordering=created_at"), {
      columns: true,
    }) as Record<string, string>[];
    expect(trash.map((r) => [r.company_name, r.status])).toEqual([
      ["A", "Offer"],
      ["B", "Offer"],
    ]);
    // Deleted rows are neither live (update, delete) nor theirs to restore for another user.
    const again = await bulk(me, { ids: [a.id, c.id], action: "delete" });
    expect(again).toMatchObject({ status: 400, body: { ids: [notFound(a.id)] } });
    const stolen = await bulk(other, { ids: [a.id], action: "restore" });
    expect(stolen).toMatchObject({ status: 400, body: { ids: [notFound(a.id)] } });
    const restored = await bulk(me, { ids: [a.id, b.id], action: "restore" });
    expect(restored).toMatchObject({ status: 200, body: { updated: 2 } });
    expect((await list(me)).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    expect(kinds(await timeline(me, b.id))).toEqual([
      ["created", { status: "Applied" }],
      ["status_changed", { from: "Applied", to: "Offer" }],
      ["deleted", {}],
      ["restored", {}],
    ]);
    expect(kinds(await timeline(other, theirs.id))).toEqual([["created", { status: "Applied" }]]);
  });

  it("counts the funnel and the interviews per week from what the timeline recorded", async () => {
    const [me, other] = await Promise.all([signUp(target()), signUp(target())]);
    const imported = await importCsv(me, "Title,Stage\nOne,Applied\nTwo,Offer\nThree,Applied\n");
    const [one, two, three] = (imported.body as { ids: number[] }).ids;
    if (one === undefined || two === undefined || three === undefined) throw new Error("import");
    // One went to an interview and was rejected: it still reached the interview stage.
    await send(me, "PATCH", appPath(one), { status: "Interviewing" });
    await send(me, "PUT", appPath(one), { status: "Rejected" });
    const gone = await send(me, "POST", "/api/job-applications/bulk/", {
      ids: [three],
      action: "delete",
    });
    expect(gone.status).toBe(200);
    for (const at of ["2030-03-10T14:30:00Z", "2030-04-01T09:00:00Z"])
      await created(me, `/api/job-applications/${one}/interviews/`, { scheduled_at: at });
    const refused = await send(other, "POST", `/api/job-applications/${two}/interviews/`, {
      scheduled_at: "2030-03-10T14:30:00Z",
    });
    expect(refused.status).toBe(404);

    const res = await send(me, "GET", "/api/job-applications/stats/");
    expect(res.status).toBe(200);
    const stats = res.body as {
      total: number;
      by_status: Record<string, number>;
      funnel: unknown;
      per_week: { week_start: string; count: number }[];
      interviews_per_week: { week_start: string; count: number }[];
    };
    expect(stats.total).toBe(2);
    expect(stats.by_status).toEqual({ Applied: 0, Interviewing: 0, Offer: 1, Rejected: 1 });
    expect(stats.funnel).toEqual({ applied: 2, interviewing: 2, offer: 1 });
    // Counted by the week the interviews were recorded (the entries' time), not when they are.
    const recorded = (await timeline(me, one)).filter((e) => e.kind === "interview_scheduled");
    expect(recorded).toHaveLength(2);
    const weeks = stats.interviews_per_week;
    expect(weeks).toHaveLength(12);
    expect(weeks).toEqual(
      perWeek(
        weeks,
        recorded.map((e) => e.at),
      ),
    );
    expect(weeks.reduce((n, w) => n + w.count, 0)).toBe(2);
    // Applications per week: by date_applied, else the day created; the deleted one not at all.
    const live = await list(me);
    expect(live.map((r) => r.id)).toEqual([one, two]);
    const days = live.map((r) => String(r.date_applied ?? r.created_at));
    expect(stats.per_week).toEqual(perWeek(weeks, days));

    const theirs = await send(other, "GET", "/api/job-applications/stats/");
    expect(theirs.body).toMatchObject({
      total: 0,
      funnel: { applied: 0, interviewing: 0, offer: 0 },
    });
  });
});
