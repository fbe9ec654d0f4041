import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/**
 * Every documented path answers a method it does not document with DRF's 405 (its body and an
 * `Allow` listing the documented ones), whatever parameter route is mounted beside it: a literal
 * segment (`/api/resumes/import/`) is never read as an `{id}`.
 */
let t: TestContext;
let staff: string;
beforeAll(async () => {
  t = await createTestContext();
  staff = (await createUserWithToken(t, { isStaff: true })).token;
});
afterAll(() => t.close());

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const PARAMS: Record<string, string> = { id: "987654321", file: "init.js" };

describe("405 on every documented path", () => {
  it("answers an undocumented method with 405, DRF's body and Allow", async () => {
    const res = await t.request("/api/openapi.json");
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const documented = Object.keys(item);
      const allow = [
        ...documented.flatMap((m) => (m === "get" ? ["GET", "HEAD"] : [m.toUpperCase()])),
        "OPTIONS",
      ];
      const url = path.replace(/\{(\w+)\}/g, (_, k: string) => PARAMS[k] ?? "1");
      for (const method of METHODS.filter((m) => !documented.includes(m))) {
        const upper = method.toUpperCase();
        const r = await t.request(url, { method: upper, token: staff });
        const body = await r.text();
        const got = (r.headers.get("Allow") ?? "").split(", ").sort();
        checked++;
        if (
          r.status !== 405 ||
          body !== JSON.stringify({ detail: `Method "${upper}" not allowed.` }) ||
          got.join() !== [...allow].sort().join()
        )
          failures.push(`${upper} ${url}: ${r.status} ${body} Allow=${r.headers.get("Allow")}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });

  it.each([
    "/api/resumes/trash/",
    "/api/resumes/import/",
    "/api/job-applications/intake/",
    "/api/job-applications/stats/",
  ])("never reads %s as an id", async (path) => {
    for (const method of ["GET", "PUT", "PATCH", "DELETE", "POST"]) {
      const r = await t.request(path, { method, token: staff });
      const body = await r.text();
      expect(`${method} ${r.status} ${body}`).not.toContain('"Not found."');
      expect(`${method} ${r.status}`).not.toMatch(/ 404$/);
    }
  });
});
