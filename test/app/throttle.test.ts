import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kv } from "../../src/kv/kv";
import { createMemoryKv } from "../../src/kv/memory";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/** DRF throttling wired in createApp: scopes, 429 bodies and headers, windows, store outages. */
const env = {
  THROTTLE_ENABLED: "true",
  THROTTLE_ANON: "3/min",
  THROTTLE_USER: "5/min",
  THROTTLE_AI: "2/hour",
  THROTTLE_LOGIN: "2/min",
};

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env });
});
afterAll(() => t.close());

/** A fresh in-process counter store per test, on the test clock, so tests never share counts. */
function freshKv() {
  t.deps.kv = createMemoryKv(() => t.clock.now());
}

const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;

describe("throttling", () => {
  it("limits anonymous callers per IP with DRF's 429 and rate headers", async () => {
    freshKv();
    const a = ip();
    for (let i = 1; i <= 3; i++) {
      const res = await t.request("/api/example-job-applications/", { ip: a });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBe("3");
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(3 - i));
      expect(res.headers.get("x-ratelimit-reset")).toBe("60");
    }
    t.clock.advance(15_000);
    const res = await t.request("/api/example-job-applications/", { ip: a });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({
      detail: "Request was throttled. Expected available in 45 seconds.",
    });
    expect(res.headers.get("retry-after")).toBe("45");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(res.headers.get("x-ratelimit-reset")).toBe("45");
    // Another IP has its own budget; the window reopens once it has passed.
    expect((await t.request("/api/resumes/", { ip: ip() })).status).toBe(401);
    t.clock.advance(45_000);
    expect((await t.request("/api/example-job-applications/", { ip: a })).status).toBe(200);
  });

  it("says 'second' for a one-second wait, as DRF does", async () => {
    freshKv();
    const a = ip();
    for (let i = 0; i < 3; i++) await t.request("/api/", { ip: a });
    t.clock.advance(59_500);
    const res = await t.request("/api/", { ip: a });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({
      detail: "Request was throttled. Expected available in 1 second.",
    });
  });

  it("limits signed-in users per user, whatever their IP", async () => {
    freshKv();
    const user = await createUserWithToken(t);
    for (let i = 0; i < 5; i++) {
      const res = await t.request("/api/resumes/", { token: user.token, ip: ip() });
      expect(res.status).toBe(200);
    }
    const res = await t.request("/api/resumes/", { token: user.token, ip: ip() });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-ratelimit-limit")).toBe("5");
    // Another user is unaffected.
    const other = await createUserWithToken(t);
    expect((await t.request("/api/resumes/", { token: other.token })).status).toBe(200);
  });

  it("does not throttle health and readiness probes", async () => {
    freshKv();
    const a = ip();
    for (let i = 0; i < 6; i++) expect((await t.request("/health", { ip: a })).status).toBe(200);
    expect((await t.request("/health", { ip: a })).headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("limits logins per IP and per username, leaving the body to the route", async () => {
    // A roomy anonymous rate, so only the login scopes can refuse here.
    const l = await createTestContext({
      env: { ...env, THROTTLE_ANON: "100/min" },
      database: t.deps.database,
    });
    const username = uniqueName();
    const attempt = (from: string, name = username) =>
      l.request("/api/auth/token/", {
        method: "POST",
        ip: from,
        json: { username: name, password: "wrong-pass-1" },
      });
    const first = await attempt(ip());
    expect(first.status).toBe(401);
    expect(await first.json()).toEqual({
      detail: "No active account found with the given credentials",
    });
    expect((await attempt(ip(), username.toUpperCase())).status).toBe(401);
    // Third guess at the same username from yet another IP: the username's budget is spent.
    const third = await attempt(ip());
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("60");
    // Per IP: two different usernames from one IP, then the IP is out.
    const a = ip();
    expect((await attempt(a, uniqueName())).status).toBe(401);
    expect((await attempt(a, uniqueName())).status).toBe(401);
    expect((await attempt(a, uniqueName())).status).toBe(429);
    // Refresh is another endpoint: not a login attempt.
    const refresh = await l.request("/api/auth/token/refresh/", {
      method: "POST",
      ip: a,
      json: { refresh: "x" },
    });
    expect(refresh.status).toBe(401);
    await l.close();
  });

  it("limits AI generation per user (or IP) on its own scope", async () => {
    freshKv();
    const user = await createUserWithToken(t);
    const generate = () =>
      t.request("/api/ai/generate/", { method: "POST", token: user.token, json: { model: "x" } });
    for (let i = 0; i < 2; i++) {
      const res = await generate();
      expect(res.status).not.toBe(429);
      expect(res.headers.get("x-ratelimit-limit")).toBe("2");
    }
    const res = await generate();
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3600");
    expect(res.headers.get("x-ratelimit-limit")).toBe("2");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    // GET on the same path is not a generation.
    expect((await t.request("/api/ai/generate/", { token: user.token })).status).not.toBe(429);
  });
});

describe("throttling when the store is down", () => {
  const broken: Kv = {
    get: async () => {
      throw new Error("ECONNREFUSED");
    },
    set: async () => {
      throw new Error("ECONNREFUSED");
    },
    del: async () => {},
    incr: async () => {
      throw new TypeError("fetch failed");
    },
    ping: async () => {
      throw new TypeError("fetch failed");
    },
  };

  it("fails open for reads, closed for AI generation, logging each once per incident", async () => {
    const b = await createTestContext({ env, deps: { kv: broken }, database: t.deps.database });
    for (let i = 0; i < 5; i++) {
      const res = await b.request("/api/example-job-applications/", { ip: "10.9.9.9" });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBeNull();
    }
    for (let i = 0; i < 3; i++) {
      const res = await b.request("/api/ai/generate/", { method: "POST", json: { model: "x" } });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        error: "AI service unavailable. Please try again later.",
      });
    }
    const lines = b.logger.lines.map((l) => JSON.parse(l) as { msg: string });
    const count = (msg: string) => lines.filter((l) => l.msg === msg).length;
    expect(count("throttle store unavailable: letting requests through")).toBe(1);
    expect(count("throttle store unavailable: refusing AI generation")).toBe(1);
    // Recovery is logged, and a new outage is a new incident.
    b.deps.kv = createMemoryKv(() => b.clock.now());
    expect((await b.request("/api/", { ip: "10.9.9.9" })).status).toBe(200);
    b.deps.kv = broken;
    expect((await b.request("/api/", { ip: "10.9.9.9" })).status).toBe(200);
    const after = b.logger.lines.map((l) => JSON.parse(l) as { msg: string });
    expect(after.filter((l) => l.msg === "throttle store recovered")).toHaveLength(1);
    expect(
      after.filter((l) => l.msg === "throttle store unavailable: letting requests through"),
    ).toHaveLength(2);
    await b.close();
  });

  it("is off unless enabled", async () => {
    const off = await createTestContext({
      env: { THROTTLE_ANON: "1/min" },
      database: t.deps.database,
    });
    for (let i = 0; i < 3; i++)
      expect((await off.request("/api/", { ip: "10.1.1.1" })).status).toBe(200);
    await off.close();
  });
});
