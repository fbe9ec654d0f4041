import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { docxText, jsonResumeErrors, pdfText, twoPageResume, unzip } from "../helpers/documents";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
let resumeId: number;
const TITLE = "Alice Müller — Backend";

beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
  resumeId = (await createResume(t, alice, { title: TITLE, content: twoPageResume() })).id;
});
afterAll(() => t.close());

const exportOf = (id: number | string, query: string, token = alice.token) =>
  t.request(`/api/resumes/${id}/export/${query}`, { token });

const disposition = (ext: string) =>
  `attachment; filename="Alice-Muller-Backend.${ext}"; filename*=UTF-8''Alice%20M%C3%BCller%20%E2%80%94%20Backend.${ext}`;

describe("GET /api/resumes/{id}/export/", () => {
  it("answers the Markdown as stored, also when no format is given", async () => {
    for (const query of ["?format=md", ""]) {
      const res = await exportOf(resumeId, query);
      expect({
        status: res.status,
        type: res.headers.get("content-type"),
        body: await res.text(),
      }).toEqual({
        status: 200,
        type: "text/markdown; charset=utf-8",
        // Stored as DRF stores it: trimmed.
        body: twoPageResume().trim(),
      });
      expect(res.headers.get("content-disposition")).toBe(disposition("md"));
    }
  });

  it("answers a DOCX holding the text", async () => {
    const res = await exportOf(resumeId, "?format=docx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(res.headers.get("content-disposition")).toBe(disposition("docx"));
    const xml = unzip(new Uint8Array(await res.arrayBuffer())).get("word/document.xml") ?? "";
    expect(docxText(xml)).toContain("Senior Backend Engineer — Acme Payments GmbH");
  });

  it("answers a PDF with extractable text", async () => {
    const res = await exportOf(resumeId, "?format=pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(disposition("pdf"));
    const lines = pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(lines.slice(0, 2)).toEqual(["Alice Müller", "Senior Backend Engineer"]);
  });

  it("answers JSON Resume 1.0, valid against its schema", async () => {
    const res = await exportOf(resumeId, "?format=json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("content-disposition")).toBe(disposition("json"));
    const doc = (await res.json()) as { basics: { name: string }; work: unknown[] };
    expect(await jsonResumeErrors(doc)).toEqual([]);
    expect({ name: doc.basics.name, jobs: doc.work.length }).toEqual({
      name: "Alice Müller",
      jobs: 3,
    });
  });

  it("answers HEAD with the headers only", async () => {
    const res = await t.request(`/api/resumes/${resumeId}/export/?format=pdf`, {
      method: "HEAD",
      token: alice.token,
    });
    expect({
      status: res.status,
      type: res.headers.get("content-type"),
      body: await res.text(),
    }).toEqual({
      status: 200,
      type: "application/pdf",
      body: "",
    });
  });

  it("refuses an unknown format with DRF's choice message", async () => {
    for (const [query, value] of [
      ["?format=x", "x"],
      ["?format=", ""],
      ["?format=PDF", "PDF"],
    ]) {
      const res = await exportOf(resumeId, query as string);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 400,
        body: { format: [`"${value}" is not a valid choice.`] },
      });
    }
  });

  it("answers 401 without a token, 404 for another user's or a missing resume", async () => {
    const anon = await t.request(`/api/resumes/${resumeId}/export/?format=pdf`);
    expect({ status: anon.status, body: await anon.json() }).toEqual({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
    for (const [id, token] of [
      [resumeId, bob.token],
      [999999999, alice.token],
      ["abc", alice.token],
    ] as const) {
      const res = await exportOf(id, "?format=pdf", token);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 404,
        body: { detail: "Not found." },
      });
    }
  });

  it("renders a hostile resume and title without failing", async () => {
    const hostile =
      "<script>alert(1)</script>\n\n[x](javascript:alert(1)) \u0001 李雷 \u{1F600}\n\n" +
      "y".repeat(3000);
    const res = await t.request("/api/resumes/", {
      method: "POST",
      token: alice.token,
      json: { title: "../../etc/passwd\r\nX-Evil: 1", content: hostile },
    });
    const { id } = (await res.json()) as { id: number };
    for (const format of ["md", "docx", "pdf", "json"]) {
      const file = await exportOf(id, `?format=${format}`);
      expect({ format, status: file.status }).toEqual({ format, status: 200 });
      expect(file.headers.get("content-disposition")).toBe(
        `attachment; filename="etc-passwd-X-Evil-1.${format}"; filename*=UTF-8''..-..-etc-passwd-X-Evil-%201.${format}`,
      );
      expect(file.headers.get("x-evil")).toBeNull();
    }
  });
});

describe("POST /api/resumes/import/", () => {
  const sample = JSON.parse(
    readFileSync(
      new URL("../../node_modules/@jsonresume/schema/sample.resume.json", import.meta.url),
      "utf8",
    ),
  );

  it("creates a Markdown resume, and exporting it as JSON gives the main fields back", async () => {
    const res = await t.request("/api/resumes/import/", {
      method: "POST",
      token: alice.token,
      json: sample,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      id: expect.any(Number),
      user: alice.username,
      title: "Richard Hendriks (Programmer)",
    });
    expect(created.content).toMatch(
      /^# Richard Hendriks\n\nProgrammer\n\nrichard\.hendriks@mail\.com \| \(912\) 555-4321 \| /,
    );
    expect(created.content).toContain(
      "\n## Experience\n\n### CEO/President — [Pied Piper](http://piedpiper.example.com)\n\n",
    );

    const back = (await (
      await exportOf(created.id as number, "?format=json")
    ).json()) as typeof sample;
    expect(await jsonResumeErrors(back)).toEqual([]);
    const pick = (d: typeof sample) => ({
      basics: {
        name: d.basics.name,
        label: d.basics.label,
        email: d.basics.email,
        phone: d.basics.phone,
        url: d.basics.url,
        summary: d.basics.summary,
        city: d.basics.location.city,
        networks: d.basics.profiles.map((p: { network: string; url: string }) => [
          p.network,
          p.url,
        ]),
      },
      work: d.work.map((w: Record<string, unknown>) => [
        w.name,
        w.position,
        w.url,
        w.startDate,
        w.endDate,
        w.location,
        w.summary,
        w.highlights,
      ]),
      education: d.education.map((e: Record<string, unknown>) => [
        e.institution,
        e.area,
        e.studyType,
        e.startDate,
        e.endDate,
        e.score,
        e.courses,
      ]),
      skills: d.skills,
      languages: d.languages,
      interests: d.interests,
      projects: d.projects.map((p: Record<string, unknown>) => [
        p.name,
        p.description,
        p.url,
        p.highlights,
        p.keywords,
      ]),
      awards: d.awards,
      publications: d.publications,
      volunteer: d.volunteer,
      references: d.references,
    });
    expect(pick(back)).toEqual(pick(sample));
  });

  it("escapes Markdown in the text and links only http(s) and mailto", async () => {
    const doc = {
      basics: { name: "# Bob *bold* <b>", url: "javascript:alert(1)" },
      skills: [{ name: "1. C++ | C#", keywords: ["_x_", "[y](z)"] }],
    };
    const res = await t.request("/api/resumes/import/", {
      method: "POST",
      token: alice.token,
      json: doc,
    });
    const created = (await res.json()) as { title: string; content: string };
    expect({ status: res.status, title: created.title, content: created.content }).toEqual({
      status: 201,
      title: "# Bob *bold* <b>",
      content:
        "# \\# Bob \\*bold\\* \\<b\\>\n\njavascript:alert(1)\n\n## Skills\n\n- **1\\. C++ \\| C#**: \\_x\\_, \\[y\\](z)",
    });
  });

  it("refuses a document with nothing to import, and malformed fields, in DRF's format", async () => {
    const cases: Array<[unknown, unknown]> = [
      [{}, { non_field_errors: ["The document has nothing to import: no name and no sections."] }],
      [[], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
      [{ basics: "Bob" }, { basics: ["Invalid data. Expected a dictionary, but got str."] }],
      [{ basics: { name: {} } }, { basics: ["Not a valid string."] }],
      // DRF quotes Python's type names (`type(data).__name__`).
      [{ work: { name: "x" } }, { work: ['Expected a list of items but got type "dict".'] }],
      [{ work: true }, { work: ['Expected a list of items but got type "bool".'] }],
      [{ basics: 7 }, { basics: ["Invalid data. Expected a dictionary, but got int."] }],
      [{ skills: [{ keywords: [1, null] }] }, { skills: ["This field may not be null."] }],
    ];
    const before = await t.request("/api/resumes/", { token: bob.token });
    for (const [body, errors] of cases) {
      const res = await t.request("/api/resumes/import/", {
        method: "POST",
        token: bob.token,
        json: body,
      });
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body: errors });
    }
    const after = await t.request("/api/resumes/", { token: bob.token });
    expect(await after.json()).toEqual(await before.json());
  });

  it('answers other methods 405, not as a resume whose id is "import"', async () => {
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const res = await t.request("/api/resumes/import/", { method, token: alice.token });
      expect({
        method,
        status: res.status,
        allow: res.headers.get("allow"),
        body: await res.json(),
      }).toEqual({
        method,
        status: 405,
        allow: "POST, OPTIONS",
        body: { detail: `Method "${method}" not allowed.` },
      });
    }
    const anon = await t.request("/api/resumes/import/");
    expect(anon.status).toBe(401);
  });

  it("answers 401 without a token and 415 for a non-JSON body", async () => {
    const anon = await t.request("/api/resumes/import/", { method: "POST", json: sample });
    expect({ status: anon.status, body: await anon.json() }).toEqual({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
    const form = await t.request("/api/resumes/import/", {
      method: "POST",
      token: alice.token,
      body: "basics=x",
      headers: { "content-type": "text/plain" },
    });
    expect(form.status).toBe(415);
  });
});

describe("the render cap (test/app/render-caps.test.ts has the rest)", () => {
  it("refuses content over 50,000 characters in every format before rendering", async () => {
    const long = `# Long\n\n${"- [a](https://e.com) item\n".repeat(2_100)}`;
    const made = await t.request("/api/resumes/", {
      method: "POST",
      token: alice.token,
      json: { title: "Long", content: long },
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: number };
    for (const format of ["pdf", "docx", "json", "md"]) {
      const res = await exportOf(id, `?format=${format}`);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 400,
        body: { format: ["This document is too long to export: at most 50000 characters."] },
      });
    }
    // The content itself is still there, whole.
    const read = await t.request(`/api/resumes/${id}/`, { token: alice.token });
    expect(((await read.json()) as { content: string }).content).toBe(long.trim());
  });
});
