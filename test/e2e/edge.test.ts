import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers/deps";
import { call, type E2eTarget, startTarget } from "../helpers/e2e-target";

/**
 * Runs on the Node server, or on `wrangler dev` with E2E_WORKER=1 (PostgreSQL through Hyperdrive,
 * Redis through the Upstash-protocol bridge): the shared store (cache, throttle counters) and a
 * full account round trip, proven on whichever runtime is the target.
 */
let target: E2eTarget;
const randomIp = () =>
  `10.${Array.from({ length: 3 }, () => Math.floor(Math.random() * 250) + 1).join(".")}`;
beforeAll(async () => {
  target = await startTarget({
    THROTTLE_ENABLED: "true",
    THROTTLE_ANON: "1000/min",
    THROTTLE_USER: "1000/min",
    THROTTLE_LOGIN: "3/min",
    // Each test poses as its own clients: counters live in a Redis shared across runs.
    TRUST_PROXY: "X-Forwarded-For",
  });
}, 120_000);
afterAll(async () => {
  await target?.stop();
});

describe("edge and scale features over HTTP", () => {
  it("is ready, with the cache when one is configured", async () => {
    // The Node server answers 503 "starting" while it migrates; poll as a readiness probe does.
    const deadline = Date.now() + 30_000;
    let res = await call(target, "GET", "/ready").catch(() => null);
    while ((res === null || res.status === 503) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      res = await call(target, "GET", "/ready").catch(() => null);
    }
    if (!res) throw new Error(`never ready:\n${target.output()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", checks: { database: "ok" } });
  });

  it("registers, logs in, writes and reads back a resume", async () => {
    const username = uniqueName();
    const password = "Blue-Harbor-42x";
    const reg = await call(target, "POST", "/api/auth/register/", {
      json: { username, email: `${username}@example.com`, password, password2: password },
    });
    expect(reg.status).toBe(201);
    const tok = await call(target, "POST", "/api/auth/token/", {
      json: { username, password },
      headers: { "x-forwarded-for": randomIp() },
    });
    expect(tok.status).toBe(200);
    expect(tok.headers.get("x-ratelimit-limit")).toBe("3");
    const access = (tok.body as { access: string }).access;
    const created = await call(target, "POST", "/api/resumes/", {
      token: access,
      json: { title: "Edge", content: "# Me" },
    });
    expect(created.status).toBe(201);
    const list = await call(target, "GET", "/api/resumes/", { token: access });
    expect(list.status).toBe(200);
    expect((list.body as Array<{ title: string }>).map((r) => r.title)).toEqual(["Edge"]);
    expect(list.headers.get("x-ratelimit-limit")).toBe("1000");
  });

  it("throttles password guessing on one username with DRF's 429", async () => {
    const username = uniqueName();
    // Every guess from another address: only the per-username budget can refuse.
    const guess = () =>
      call(target, "POST", "/api/auth/token/", {
        json: { username, password: "nope-nope-1" },
        headers: { "x-forwarded-for": randomIp() },
      });
    for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(401);
    const res = await guess();
    expect(res.status).toBe(429);
    expect((res.body as { detail: string }).detail).toMatch(
      /^Request was throttled\. Expected available in \d+ seconds?\.$/,
    );
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("serves the examples from the shared cache on the second read", async () => {
    const first = await call(target, "GET", "/api/example-job-applications/");
    expect(first.status).toBe(200);
    let second = await call(target, "GET", "/api/example-job-applications/");
    // The fill is background work (waitUntil); give it a moment on a loaded machine.
    for (let i = 0; i < 20 && second.headers.get("x-cache-status") !== "HIT"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      second = await call(target, "GET", "/api/example-job-applications/");
    }
    expect(second.headers.get("x-cache-status")).toBe("HIT");
    expect((second.body as { cache_status: string }).cache_status).toBe(
      "HIT (Response from Redis cache)",
    );
  });
});
