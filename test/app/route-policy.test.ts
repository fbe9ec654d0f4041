import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { EXPOSED_HEADERS } from "../../src/app";
import { apiRoutes } from "../../src/features";
import { exposedHeaders, type RouteSpec } from "../../src/route";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/**
 * Policy lives on the route definition: the throttle scopes each operation is counted in, the
 * schema of its path parameters and the headers CORS exposes all come from `route()`, never
 * from path strings or lists in app.ts (each of which drifted once).
 */
let t: TestContext;
let token: string;
beforeAll(async () => {
  t = await createTestContext();
  token = (await createUserWithToken(t)).token;
});
afterAll(() => t.close());

/** The scopes beyond the default (anon, user on every /api/ request), per operation. */
const OWN_THROTTLES: Record<string, string[]> = {
  generateResume: ["ai"],
  tailorResume: ["ai"],
  writeCoverLetter: ["ai"],
  intakeJobPosting: ["ai"],
  obtainToken: ["login", "login_username"],
  changePassword: ["password"],
  deleteAccount: ["password"],
  getSharedResume: ["share_password"],
  sharedResumePage: ["anon", "user", "share_password"],
  sharedResumePageUnlock: ["anon", "user", "share_password"],
  bulkChangeJobApplications: ["bulk_write"],
  importJobApplications: ["bulk_write"],
  calendarFeed: ["calendar_feed"],
  mcp: ["anon", "user"],
};

describe("throttle scopes come from the route definition", () => {
  it("every operation declares exactly the scopes of the expected table", () => {
    const routes: readonly RouteSpec[] = apiRoutes;
    const declared = Object.fromEntries(
      routes
        .filter((r) => r.throttle !== undefined)
        .map((r) => [r.operationId, (r.throttle ?? []).map((s) => s.name)]),
    );
    expect(declared).toEqual(OWN_THROTTLES);
  });

  it("app.ts names no endpoint path", () => {
    const source = readFileSync(new URL("../../src/app.ts", import.meta.url), "utf8");
    const literals = [...source.matchAll(/["'`](\/[^"'`]*)["'`]/g)].map((m) => m[1]);
    expect(literals).toEqual([]);
  });
});

describe("path parameters are validated by the definition's schema", () => {
  it("every {name} of every path has a schema on its definition", () => {
    const routes: readonly RouteSpec[] = apiRoutes;
    const missing = routes.flatMap((r) =>
      [...r.path.matchAll(/\{(\w+)\}/g)]
        .map(([, name = ""]) => name)
        .filter((name) => !(r.params && name in r.params.shape))
        .map((name) => `${r.operationId}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("an id that is not a positive integer is DRF's 404 on every kind of path", async () => {
    const paths = [
      "/api/resumes/abc/",
      "/api/resumes/0/",
      "/api/resumes/-1/",
      "/api/resumes/1e3/",
      "/api/resumes/9007199254740992/",
      "/api/resumes/12345678901234567890/",
      "/api/resumes/1/versions/x/",
      "/api/job-applications/1.5/",
      "/api/cover-letters/%20/",
    ];
    for (const path of paths) {
      const res = await t.request(path, { token });
      expect({ path, status: res.status, body: await res.json() }).toEqual({
        path,
        status: 404,
        body: { detail: "Not found." },
      });
    }
  });

  it("a valid id reaches the handler as a number; a body error still comes first", async () => {
    const made = await t.request("/api/resumes/", {
      method: "POST",
      token,
      json: { title: "Policy", content: "# A" },
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: number };
    // Leading zeros name the same row, as DRF's int lookup reads them.
    const got = await t.request(`/api/resumes/00${id}/`, { token });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id, title: "Policy", content: "# A" });
    const bad = await t.request("/api/resumes/abc/", {
      method: "PUT",
      token,
      json: { title: "" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      title: ["This field may not be blank."],
      content: ["This field is required."],
    });
  });
});

describe("CORS exposes the headers the responses declare", () => {
  it("every header a route's response declares is exposed", () => {
    const declared = apiRoutes.flatMap((r) =>
      Object.values(r.responses).flatMap((res) => Object.keys(res.headers ?? {})),
    );
    expect(declared).toEqual(expect.arrayContaining(["Content-Disposition", "X-AI-Model"]));
    expect(EXPOSED_HEADERS).toEqual(expect.arrayContaining(declared));
    expect(new Set(EXPOSED_HEADERS).size).toBe(EXPOSED_HEADERS.length);
  });

  it("a header a new route declares is exposed with no other edit", () => {
    const spec: RouteSpec = {
      operationId: "x",
      method: "get",
      path: "/api/x/",
      tag: "x",
      summary: "x",
      access: "public",
      responses: {
        200: { description: "x", schema: z.object({}), headers: { "X-New": { description: "x" } } },
      },
    };
    expect(exposedHeaders([spec], ["X-Request-ID"])).toEqual(["X-Request-ID", "X-New"]);
  });
});
