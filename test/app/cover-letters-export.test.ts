import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverLetter } from "../../src/db/schema";
import { createTestContext, type TestContext } from "../helpers/deps";
import { docxText, pdfText, unzip } from "../helpers/documents";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/** A cover letter as a file (`GET /api/cover-letters/{id}/export/`); resumes' files: resumes-files.test.ts. */
let t: TestContext;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

describe("GET /api/cover-letters/{id}/export/", () => {
  const LETTER =
    "Dear Hiring Manager,\n\nI am writing to apply for the **Staff Engineer** role.\n\nKind regards,  \nAlice";
  let letterId: number;
  beforeAll(async () => {
    const [row] = await t.deps.database.db
      .insert(coverLetter)
      .values({
        userId: alice.id,
        title: "Cover letter — Acme",
        content: LETTER,
        model: "Deepseek",
      })
      .returning({ id: coverLetter.id });
    letterId = row?.id ?? 0;
  });
  const letterExport = (id: number | string, query: string, token = alice.token) =>
    t.request(`/api/cover-letters/${id}/export/${query}`, { token });
  const letterDisposition = (ext: string) =>
    `attachment; filename="Cover-letter-Acme.${ext}"; filename*=UTF-8''Cover%20letter%20%E2%80%94%20Acme.${ext}`;

  it("answers the letter as Markdown (the default), DOCX and PDF", async () => {
    const md = await letterExport(letterId, "");
    expect({
      status: md.status,
      type: md.headers.get("content-type"),
      body: await md.text(),
    }).toEqual({
      status: 200,
      type: "text/markdown; charset=utf-8",
      body: LETTER,
    });
    expect(md.headers.get("content-disposition")).toBe(letterDisposition("md"));
    const docx = await letterExport(letterId, "?format=docx");
    expect({ status: docx.status, disposition: docx.headers.get("content-disposition") }).toEqual({
      status: 200,
      disposition: letterDisposition("docx"),
    });
    const xml = unzip(new Uint8Array(await docx.arrayBuffer())).get("word/document.xml") ?? "";
    expect(docxText(xml)).toBe(
      "Dear Hiring Manager,\nI am writing to apply for the Staff Engineer role.\nKind regards,Alice",
    );
    const pdf = await letterExport(letterId, "?format=pdf");
    expect({ status: pdf.status, type: pdf.headers.get("content-type") }).toEqual({
      status: 200,
      type: "application/pdf",
    });
    expect(pdfText(new Uint8Array(await pdf.arrayBuffer()))).toEqual([
      "Dear Hiring Manager,",
      "I am writing to apply for the ",
      "Staff Engineer",
      " role.",
      "Kind regards,",
      "Alice",
    ]);
  });

  it("has no JSON Resume form, and refuses unknown formats", async () => {
    for (const value of ["json", "x"]) {
      const res = await letterExport(letterId, `?format=${value}`);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 400,
        body: { format: [`"${value}" is not a valid choice.`] },
      });
    }
  });

  it("answers 401 without a token, 404 for another user's or a missing letter", async () => {
    const anon = await t.request(`/api/cover-letters/${letterId}/export/`);
    expect({ status: anon.status, body: await anon.json() }).toEqual({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
    for (const [id, token] of [
      [letterId, bob.token],
      [999999999, alice.token],
    ] as const) {
      const res = await letterExport(id, "?format=pdf", token);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 404,
        body: { detail: "Not found." },
      });
    }
  });
});
