import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext, testConfig } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

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

describe("absolute links (the API root, pagination) and the Host header", () => {
  /** The root and a page of applications, as requested through `origin` (the Host header). */
  async function links(ctx: TestContext, origin: string) {
    const user = await createUserWithToken(ctx);
    for (let i = 0; i < 2; i++) {
      const res = await ctx.request("/api/job-applications/", {
        method: "POST",
        token: user.token,
        json: { company_name: `Co ${i}` },
      });
      expect(res.status).toBe(201);
    }
    const root = await ctx.request(`${origin}/api/`);
    expect(root.status).toBe(200);
    const page = await ctx.request(`${origin}/api/job-applications/?limit=1`, {
      token: user.token,
    });
    expect(page.status).toBe(200);
    const text = `${await root.text()}\n${await page.text()}`;
    return {
      text,
      resumes: (JSON.parse(text.split("\n")[0] ?? "{}") as Record<string, string>).resumes,
      next: (JSON.parse(text.split("\n")[1] ?? "{}") as { next: string }).next,
    };
  }

  it("never writes a Host that is not allowed: the links are relative then", async () => {
    const got = await links(t, "http://evil.example");
    expect(got.text).not.toContain("evil.example");
    expect(got.resumes).toBe("/api/resumes/");
    expect(got.next).toBe("/api/job-applications/?limit=1&offset=1");
    // The default allowed hosts are the loopback names, as the development server is reached.
    for (const origin of ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"]) {
      expect((await links(t, origin)).resumes).toBe(`${origin}/api/resumes/`);
    }
  });

  it("uses PUBLIC_URL when set, whatever the Host", async () => {
    const p = await createTestContext({
      env: { PUBLIC_URL: "https://api.example.com/resumate/" },
      database: t.deps.database,
    });
    const got = await links(p, "http://evil.example");
    expect(got.text).not.toContain("evil.example");
    expect(got.resumes).toBe("https://api.example.com/resumate/api/resumes/");
    expect(got.next).toBe(
      "https://api.example.com/resumate/api/job-applications/?limit=1&offset=1",
    );
    await p.close();
  });

  it("takes the request's host when ALLOWED_HOSTS lists it (a leading dot: the domain and its subdomains)", async () => {
    const a = await createTestContext({
      env: { ALLOWED_HOSTS: "api.example.com, .example.org" },
      database: t.deps.database,
    });
    expect((await links(a, "https://API.example.com")).resumes).toBe(
      "https://api.example.com/api/resumes/",
    );
    expect((await links(a, "http://eu.example.org")).resumes).toBe(
      "http://eu.example.org/api/resumes/",
    );
    expect((await links(a, "http://example.org")).resumes).toBe("http://example.org/api/resumes/");
    for (const origin of ["http://evil.example", "http://localhost", "http://badexample.org"]) {
      expect((await links(a, origin)).resumes, origin).toBe("/api/resumes/");
    }
    await a.close();
  });

  it("refuses a PUBLIC_URL that is not an absolute http(s) URL", () => {
    for (const PUBLIC_URL of [
      "api.example.com",
      "ftp://api.example.com",
      "https://a.example/?x=1",
    ]) {
      expect(() => testConfig({ PUBLIC_URL }), PUBLIC_URL).toThrow(/PUBLIC_URL/);
    }
  });
});
