import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kv } from "../../src/core/kv";
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

  it("counts one username whatever the login body's encoding (JSON, form) or JSON type", async () => {
    const l = await createTestContext({
      env: { ...env, THROTTLE_ANON: "100/min" },
      database: t.deps.database,
    });
    // A numeric username: the route takes the JSON number 123 as the username "123", as DRF does.
    const name = String(100_000_000_000 + Math.floor(Math.random() * 800_000_000_000));
    const form = (from: string, username: string) =>
      l.request("/api/auth/token/", {
        method: "POST",
        ip: from,
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body: new URLSearchParams({ username, password: "wrong-pass-1" }).toString(),
      });
    const json = (from: string, username: unknown) =>
      l.request("/api/auth/token/", {
        method: "POST",
        ip: from,
        json: { username, password: "wrong-pass-1" },
      });
    const first = await form(ip(), ` ${name} `);
    expect(first.status).toBe(401);
    expect(await first.json()).toEqual({
      detail: "No active account found with the given credentials",
    });
    expect((await json(ip(), Number(name))).status).toBe(401);
    for (const third of [await form(ip(), name), await json(ip(), Number(name))]) {
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("60");
    }
    // Usernames no route accepts (list, object, boolean) are still counted, under one bucket.
    const odd = [["a"], { a: 1 }, true];
    for (const username of odd.slice(0, 2)) {
      const res = await json(ip(), username);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ username: ["Not a valid string."] });
    }
    expect((await json(ip(), odd[2])).status).toBe(429);
    await l.close();
  });

  it("counts a username with a lone surrogate without calling it a store outage", async () => {
    const l = await createTestContext({
      env: { ...env, THROTTLE_ANON: "100/min" },
      database: t.deps.database,
    });
    const attempt = () =>
      l.request("/api/auth/token/", {
        method: "POST",
        ip: ip(),
        json: { username: "ann\uD800", password: "wrong-pass-1" },
      });
    for (let i = 0; i < 2; i++) {
      const res = await attempt();
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        username: ["Surrogate characters are not allowed: U+D800."],
      });
    }
    expect((await attempt()).status).toBe(429);
    const levels = l.logger.lines.map((line) => (JSON.parse(line) as { level: string }).level);
    expect(levels.filter((level) => level === "error" || level === "warn")).toEqual([]);
    await l.close();
  });

  it("gives password change and account deletion the login rate, per user", async () => {
    freshKv();
    const user = await createUserWithToken(t);
    const wrong = { old_password: "Not-my-password-9", new_password: "x", new_password2: "x" };
    for (let i = 0; i < 2; i++) {
      const res = await t.request("/api/auth/password/change/", {
        method: "POST",
        token: user.token,
        ip: ip(),
        json: wrong,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-ratelimit-limit")).toBe("2");
    }
    // One budget for both: a stolen token cannot double its guesses by switching endpoints.
    const remove = await t.request("/api/auth/me/", {
      method: "DELETE",
      token: user.token,
      ip: ip(),
      json: { password: "Not-my-password-9" },
    });
    expect(remove.status).toBe(429);
    expect(await remove.json()).toEqual({
      detail: "Request was throttled. Expected available in 60 seconds.",
    });
    expect(remove.headers.get("retry-after")).toBe("60");
    // Reading the account is not a password check; another user has their own budget.
    expect((await t.request("/api/auth/me/", { token: user.token })).status).toBe(200);
    const other = await createUserWithToken(t);
    const theirs = await t.request("/api/auth/me/", {
      method: "DELETE",
      token: other.token,
      json: { password: "Not-my-password-9" },
    });
    expect(theirs.status).toBe(400);
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
    setNx: async () => {
      throw new Error("ECONNREFUSED");
    },
    del: async () => {},
    incr: async () => {
      throw new TypeError("fetch failed");
    },
    ping: async () => {
      throw new TypeError("fetch failed");
    },
    append: async () => {
      throw new TypeError("fetch failed");
    },
    range: async () => {
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

  it("never opens the password limits: login, password checks and share passwords count in this process", async () => {
    const b = await createTestContext({ env, deps: { kv: broken }, database: t.deps.database });
    const statuses = async (times: number, send: () => Promise<Response>) => {
      const out: number[] = [];
      for (let i = 0; i < times; i++) out.push((await send()).status);
      return out;
    };
    // 2/min per username, whatever the IP (finding 11: fifteen wrong logins all got 401).
    const username = uniqueName("target");
    const login = () =>
      b.request("/api/auth/token/", {
        method: "POST",
        ip: ip(),
        json: { username, password: "Wrong-password-42" },
      });
    expect(await statuses(2, login)).toEqual([401, 401]);
    const refused = await login();
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 429,
      body: { detail: "Request was throttled. Expected available in 60 seconds." },
    });
    expect(refused.headers.get("retry-after")).toBe("60");
    // Password checks of a signed-in user, per user.
    const user = await createUserWithToken(b);
    const remove = () =>
      b.request("/api/auth/me/", {
        method: "DELETE",
        token: user.token,
        ip: ip(),
        json: { password: "Wrong-password-42" },
      });
    expect(await statuses(3, remove)).toEqual([400, 400, 429]);
    // A protected link's password, per link and IP.
    const owner = await createUserWithToken(b);
    const made = await b.request("/api/resumes/", {
      method: "POST",
      token: owner.token,
      json: { title: "CV", content: "# Ann" },
    });
    const { id } = (await made.json()) as { id: number };
    const link = await b.request(`/api/resumes/${id}/share/`, {
      method: "POST",
      token: owner.token,
      json: { password: "open sesame" },
    });
    const { token } = (await link.json()) as { token: string };
    const guess = () =>
      b.request(`/api/shared/${token}/`, {
        headers: { "X-Share-Password": "guess" },
        ip: "10.4.4.4",
      });
    expect(await statuses(3, guess)).toEqual([401, 401, 429]);
    // Ordinary requests stay open; each mode is logged once for the incident.
    expect((await b.request("/api/example-job-applications/", { ip: "10.4.4.4" })).status).toBe(
      200,
    );
    const lines = b.logger.lines.map((l) => JSON.parse(l) as { msg: string });
    const count = (msg: string) => lines.filter((l) => l.msg === msg).length;
    expect(count("throttle store unavailable: counting password limits in this process")).toBe(1);
    expect(count("throttle store unavailable: letting requests through")).toBe(1);
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
