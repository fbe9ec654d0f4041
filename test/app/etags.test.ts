import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverLetter } from "../../src/db/schema";
import { createApplication, createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const PRECONDITION = {
  detail: "The resource has changed since you read it (If-Match does not match its ETag).",
};

interface Resource {
  name: string;
  /** A new one of the user's, its URL. */
  make(user: TestUser): Promise<string>;
  /** A PATCH body that changes it, and one for PUT where there is a PUT. */
  patch: Record<string, unknown>;
  put?: Record<string, unknown>;
}

const resources: Resource[] = [
  {
    name: "resume",
    make: async (user) => `/api/resumes/${(await createResume(t, user)).id}/`,
    patch: { title: "Changed" },
    put: { title: "Replaced", content: "# Replaced" },
  },
  {
    name: "job application",
    make: async (user) => `/api/job-applications/${(await createApplication(t, user)).id}/`,
    patch: { status: "Interviewing" },
    put: { job_title: "Replaced", company_name: "Acme", status: "Offer" },
  },
  {
    name: "cover letter",
    make: async (user) => {
      const [row] = await t.deps.database.db
        .insert(coverLetter)
        .values({ userId: user.id, title: "Letter", content: "Dear ...", model: null })
        .returning({ id: coverLetter.id });
      return `/api/cover-letters/${row?.id}/`;
    },
    patch: { content: "Dear Ms. Smith" },
  },
  {
    name: "interview",
    make: async (user) => {
      const app = await createApplication(t, user);
      const res = await t.request(`/api/job-applications/${app.id}/interviews/`, {
        method: "POST",
        token: user.token,
        json: { scheduled_at: "2026-03-02T10:00:00Z" },
      });
      return `/api/interviews/${((await res.json()) as { id: number }).id}/`;
    },
    patch: { outcome: "passed" },
    put: { scheduled_at: "2026-03-03T10:00:00Z", kind: "video" },
  },
  {
    name: "contact",
    make: async (user) => {
      const app = await createApplication(t, user);
      const res = await t.request("/api/contacts/", {
        method: "POST",
        token: user.token,
        json: { name: "Dana", job_applications: [app.id] },
      });
      return `/api/contacts/${((await res.json()) as { id: number }).id}/`;
    },
    patch: { role: "Recruiter" },
    put: { name: "Dana K", job_applications: [] },
  },
];

async function read(user: TestUser, url: string, headers: Record<string, string> = {}) {
  const res = await t.request(url, { token: user.token, headers });
  return { res, etag: res.headers.get("etag") ?? "", text: await res.text() };
}

describe.each(resources)("ETag on one $name", (r) => {
  it("GET answers a strong ETag of the body; If-None-Match with it is 304", async () => {
    const user = await createUserWithToken(t);
    const url = await r.make(user);
    const first = await read(user, url);
    expect(first.res.status).toBe(200);
    expect(first.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await read(user, url)).etag).toBe(first.etag);
    const cached = await read(user, url, { "If-None-Match": first.etag });
    expect(cached.res.status).toBe(304);
    expect(cached.text).toBe("");
    expect(cached.etag).toBe(first.etag);
    // Weak comparison for If-None-Match; a list; another tag is a 200.
    expect((await read(user, url, { "If-None-Match": `W/${first.etag}` })).res.status).toBe(304);
    expect((await read(user, url, { "If-None-Match": `"x", ${first.etag}` })).res.status).toBe(304);
    expect((await read(user, url, { "If-None-Match": '"other"' })).res.status).toBe(200);
    expect((await read(user, url, { "If-None-Match": "unquoted" })).res.status).toBe(400);
  });

  it("a stale If-Match is 412 and changes nothing; the current one writes", async () => {
    const user = await createUserWithToken(t);
    const url = await r.make(user);
    const before = await read(user, url);
    const send = (method: string, json: unknown, ifMatch: string) =>
      t.request(url, { method, token: user.token, json, headers: { "If-Match": ifMatch } });
    const ok = await send("PATCH", r.patch, before.etag);
    expect(ok.status).toBe(200);
    const newTag = ok.headers.get("etag");
    const after = await read(user, url);
    expect(after.etag).toBe(newTag);
    expect(after.etag).not.toBe(before.etag);

    const writes: [string, Record<string, unknown>][] = [["PATCH", r.patch]];
    if (r.put) writes.push(["PUT", r.put]);
    for (const [method, body] of writes) {
      const stale = await send(method, body, before.etag);
      expect({ status: stale.status, body: await stale.json() }).toEqual({
        status: 412,
        body: PRECONDITION,
      });
    }
    // A weak tag never matches If-Match (strong comparison).
    expect((await send("PATCH", r.patch, `W/${after.etag}`)).status).toBe(412);
    const staleDelete = await t.request(url, {
      method: "DELETE",
      token: user.token,
      headers: { "If-Match": before.etag },
    });
    expect(staleDelete.status).toBe(412);
    expect((await read(user, url)).text).toBe(after.text);

    const del = await t.request(url, {
      method: "DELETE",
      token: user.token,
      headers: { "If-Match": after.etag },
    });
    expect(del.status).toBe(204);
    expect((await read(user, url)).res.status).toBe(404);
  });

  it("If-Match: * and no If-Match write as before; another user's is 404, not 412", async () => {
    const user = await createUserWithToken(t);
    const other = await createUserWithToken(t);
    const url = await r.make(user);
    const star = await t.request(url, {
      method: "PATCH",
      token: user.token,
      json: r.patch,
      headers: { "If-Match": "*" },
    });
    expect(star.status).toBe(200);
    const foreign = await t.request(url, {
      method: "PATCH",
      token: other.token,
      json: r.patch,
      headers: { "If-Match": '"0123"' },
    });
    expect(foreign.status).toBe(404);
  });

  it("two writes racing with the same If-Match: one wins, the other is 412", async () => {
    const user = await createUserWithToken(t);
    const url = await r.make(user);
    const { etag } = await read(user, url);
    const race = await Promise.all(
      [0, 1, 2].map(() =>
        t.request(url, {
          method: "PATCH",
          token: user.token,
          json: r.patch,
          headers: { "If-Match": etag },
        }),
      ),
    );
    // The body is the same, so the second writer would see a different updated_at: 412.
    expect(race.map((x) => x.status).sort()).toEqual([200, 412, 412]);
  });
});

/**
 * The Node entry answers through @hono/node-server, which replaces the global `Response` with
 * its lightweight one (the first `serve` in a process does it, so test files sharing a worker
 * inherit it). Its `headers` before the body is read are not the headers after it: a tag set on
 * the first would be lost once the body was read for its hash.
 */
describe("ETag of a write under @hono/node-server's Response", () => {
  const globals = { Request: globalThis.Request, Response: globalThis.Response };
  beforeAll(() => {
    getRequestListener(() => new Response(null));
    // Installed (by this call, or by a serve() of a file before this one in the worker): the
    // lightweight class extends the native one.
    expect(Object.getPrototypeOf(globalThis.Response)).not.toBe(Function.prototype);
  });
  afterAll(() => {
    Object.defineProperty(globalThis, "Request", { value: globals.Request });
    Object.defineProperty(globalThis, "Response", { value: globals.Response });
  });

  it.each(resources)("a PATCH of one $name answers the tag the next GET has", async (r) => {
    const user = await createUserWithToken(t);
    const url = await r.make(user);
    // Without If-Match, then with the tag the last write answered.
    let ifMatch: Record<string, string> = {};
    for (const _ of [1, 2]) {
      const res = await t.request(url, {
        method: "PATCH",
        token: user.token,
        json: r.patch,
        headers: ifMatch,
      });
      expect(res.status).toBe(200);
      const tag = res.headers.get("etag") ?? "";
      expect(tag).toMatch(/^"[0-9a-f]{32}"$/);
      expect((await read(user, url)).etag).toBe(tag);
      ifMatch = { "If-Match": tag };
    }
  });
});
