import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../src/features";
import type { RouteSpec } from "../../src/route";
import { documentedBody, documentedQuery } from "../helpers/contract";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * The document says what the server enforces (issue 21: a fuzzer generating from it found the
 * document looser than the server). Each value is sent to the server and checked against the
 * document's request schema: both accept it or both refuse it (400).
 */
let t: TestContext;
let user: TestUser;
let staff: TestUser;
let resumeId: number;
beforeAll(async () => {
  t = await createTestContext();
  user = await createUserWithToken(t);
  staff = await createUserWithToken(t, { isStaff: true });
  const res = await t.request("/api/resumes/", {
    method: "POST",
    token: user.token,
    json: { title: "Mine", content: "# Ann" },
  });
  resumeId = ((await res.json()) as { id: number }).id;
});
afterAll(() => t.close());

type Case = readonly [unknown, boolean];

/** The server's verdict: 2xx accepted, 400 refused (anything else is a failure of the test). */
async function served(res: Response): Promise<boolean> {
  if (res.status < 300) return true;
  const body = await res.text();
  if (res.status !== 400) throw new Error(`unexpected ${res.status}: ${body}`);
  return false;
}

async function agreeOnBodies(
  template: string,
  path: string,
  token: string,
  cases: readonly Case[],
  make: (value: unknown) => unknown,
) {
  const out = [];
  for (const [value] of cases) {
    const body = make(value);
    const doc = documentedBody("post", template, body);
    const res = await t.request(path, { method: "POST", token, json: body });
    out.push({ value, doc: doc.valid, server: await served(res), why: doc.errors });
  }
  const expected = cases.map(([value, accepted]) => ({ value, doc: accepted, server: accepted }));
  expect(out.map(({ why: _why, ...rest }) => rest)).toEqual(expected);
}

describe("request schemas are as strict as the server", () => {
  it("accepts every body example the document shows", () => {
    const refused = (apiRoutes as readonly RouteSpec[])
      .filter((r) => "bodyExample" in r && r.bodyExample !== undefined)
      .map((r) => ({
        op: `${r.method} ${r.path}`,
        ...documentedBody(r.method, r.path, r.bodyExample),
      }))
      .filter((v) => !v.valid);
    expect(refused).toEqual([]);
  });

  it("?job_application= of the cover letters is an integer", async () => {
    const cases: Case[] = [
      ["5", true],
      ["x", false],
      ["1.5", false],
    ];
    const out = [];
    for (const [raw] of cases) {
      const doc = documentedQuery("get", "/api/cover-letters/", "job_application", String(raw));
      const res = await t.request(`/api/cover-letters/?job_application=${raw}`, {
        token: user.token,
      });
      out.push({ raw, doc: doc.valid, server: await served(res) });
    }
    expect(out).toEqual(cases.map(([raw, accepted]) => ({ raw, doc: accepted, server: accepted })));
  });

  it("expires_in_days is 1..365 (an integer, or its digits as DRF reads them)", async () => {
    const cases: Case[] = [
      [1, true],
      [365, true],
      [0, false],
      [366, false],
      [-1, false],
      [1.5, false],
      [true, false],
      [null, true],
      ["30", true],
      [" 7 ", true],
      ["007", true],
      ["0", false],
      ["-0", false],
      ["366", false],
      ["1000", false],
      ["x", false],
    ];
    await agreeOnBodies(
      "/api/resumes/{id}/share/",
      `/api/resumes/${resumeId}/share/`,
      user.token,
      cases,
      (v) => ({ expires_in_days: v }),
    );
  });

  it("an AI model's daily_limit is 0..2147483647, api_key_name a key setting, base_url a URL", async () => {
    const model = (fields: Record<string, unknown>) => ({
      display_name: uniqueName("Doc"),
      model_name: "m",
      api_provider: "open_router",
      api_key_name: "OPENROUTER_API_KEY",
      ...fields,
    });
    const cases = (field: string, values: Case[]) =>
      agreeOnBodies("/api/admin/ai-models/", "/api/admin/ai-models/", staff.token, values, (v) =>
        model({ [field]: v }),
      );
    await cases("daily_limit", [
      [0, true],
      [2147483647, true],
      [-1, false],
      [2147483648, false],
      ["5", true],
      ["-0", true],
      ["2147483647", true],
      ["2147483648", false],
      ["-3", false],
      [1.5, false],
    ]);
    await cases("api_key_name", [
      ["OPENROUTER_API_KEY", true],
      ["MY_API_KEYS", true],
      ["my_api_key", false],
      ["HOME", false],
      ["SECRET_KEY", false],
    ]);
    await cases("base_url", [
      ["https://llm.example.com/v1", true],
      ["http://localhost:11434", true],
      ["ftp://llm.example.com", false],
      ["not a url", false],
      [null, true],
    ]);
  });

  it("pk fields are positive integers (or their digits), never any string", async () => {
    await agreeOnBodies(
      "/api/job-applications/",
      "/api/job-applications/",
      user.token,
      [
        [resumeId, true],
        [String(resumeId), true],
        [null, true],
        ["abc", false],
        [1.5, false],
        [true, false],
        [-1, false],
        [0, false],
        ["0", false],
      ],
      (v) => ({ job_title: "Pk", resume_used: v }),
    );
  });

  it("date_applied is a date as Django's parse_date reads it", async () => {
    await agreeOnBodies(
      "/api/job-applications/",
      "/api/job-applications/",
      user.token,
      [
        ["2026-01-05", true],
        ["2026-1-5", true],
        ["2026-01-5", true],
        ["2026-1-05", true],
        ["2024-2-29", true],
        ["2024-02-29", true],
        ["2023-2-29", false],
        ["2026-02-30", false],
        ["2026-4-31", false],
        ["2026-13-01", false],
        ["2026-0-1", false],
        ["2026-1-0", false],
        ["2026-1-32", false],
        ["0000-01-01", false],
        ["0000-1-1", false],
        ["26-01-05", false],
        ["2026-001-05", false],
        ["2026/01/05", false],
        [null, true],
      ],
      (v) => ({ job_title: "Date", date_applied: v }),
    );
  });

  it("intake takes exactly one of text and html; source_url is a URL", async () => {
    await agreeOnBodies(
      "/api/job-applications/intake/",
      "/api/job-applications/intake/",
      user.token,
      [
        [{ text: "Backend engineer at Acme" }, true],
        [{ html: "<h1>Backend engineer</h1>" }, true],
        [{}, false],
        [{ text: "a", html: "<p>b</p>" }, false],
        [{ text: "a", source_url: "https://jobs.example.com/1" }, true],
        [{ text: "a", source_url: "javascript:alert(1)" }, false],
        [{ text: "a", source_url: "nope" }, false],
      ],
      (v) => v,
    );
  });

  it("an import has at least a name or a section", async () => {
    await agreeOnBodies(
      "/api/resumes/import/",
      "/api/resumes/import/",
      user.token,
      [
        [{}, false],
        [{ basics: {} }, false],
        [{ basics: { name: "  " } }, false],
        [{ work: [] }, false],
        [{ basics: { name: "Ann Lee" } }, true],
        [{ basics: { email: "ann@example.com" } }, true],
        [{ basics: { location: { city: "Berlin" } } }, true],
        [{ work: [{ name: "Acme" }] }, true],
        [{ skills: [{}] }, true],
        [{ meta: { sections: [{ name: "Talks" }] } }, false],
        [{ meta: { sections: [{ name: "Talks", content: "PyCon 2025" }] } }, true],
      ],
      (v) => v,
    );
  });
});
