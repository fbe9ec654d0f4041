import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../helpers/deps";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe("operations", () => {
  it("health answers ok with a request id", async () => {
    const res = await t.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
  });

  it("ready checks the database", async () => {
    const res = await t.request("/ready/");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", checks: { database: "ok" } });
  });

  it("ready is 503 when the database does not answer", async () => {
    const broken = await createTestContext({
      deps: {
        database: {
          ...t.deps.database,
          ping: async () => {
            throw new Error("down");
          },
        },
      },
      database: t.deps.database,
    });
    const res = await broken.request("/ready");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", checks: { database: "error" } });
  });

  it("unknown paths are DRF 404s and wrong methods 405 with Allow", async () => {
    const nf = await t.request("/api/nothing-here/");
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ detail: "Not found." });
    const na = await t.request("/health", { method: "DELETE" });
    expect(na.status).toBe(405);
    expect(await na.json()).toEqual({ detail: 'Method "DELETE" not allowed.' });
    expect(na.headers.get("allow")).toContain("GET");
  });

  it("the API root lists the endpoints", async () => {
    const res = await t.request("/api/");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body.resumes).toMatch(/\/api\/resumes\/$/);
  });
});
