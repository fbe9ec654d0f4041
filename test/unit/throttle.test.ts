import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { rateSchema } from "../../src/config";
import { bodyText, requestBodyReader } from "../../src/core/body";
import { handleError } from "../../src/core/errors";
import { createMemoryLogger } from "../../src/core/logger";
import { HeaderBag, withResponseHeaders } from "../../src/core/response-headers";
import { createThrottleState } from "../../src/core/security-counter";
import { aiScope, anonScope, loginUsernameScope, throttle } from "../../src/core/throttle";
import type { CoreEnv } from "../../src/core/types";
import type { Deps } from "../../src/deps";
import { createMemoryKv } from "../../src/kv/memory";
import { createTestClock, testConfig } from "../helpers/deps";

/** The throttle middleware alone, on a bare Hono app with the in-process store. */
function harness(env: Record<string, string>) {
  const clock = createTestClock();
  const logger = createMemoryLogger();
  const deps = {
    config: testConfig({ THROTTLE_ENABLED: "true", ...env }),
    kv: createMemoryKv(() => clock.now()),
    logger,
  } as unknown as Deps;
  const app = new Hono<CoreEnv>();
  const state = createThrottleState();
  app.use((c, next) => {
    c.set("throttleState", state);
    c.set("clientIp", c.req.header("x-ip") ?? "1.1.1.1");
    c.set("logger", logger);
    c.set("user", null);
    return next();
  });
  app.use("/api/*", throttle([anonScope]));
  app.use("/api/login", throttle([loginUsernameScope], { methods: ["POST"] }));
  app.use("/api/gen", throttle([aiScope], { methods: ["POST"] }));
  app.post("/api/login", async (c) => c.json(JSON.parse(await bodyText(c))));
  app.post("/api/gen", (c) => c.json({ ok: true }));
  app.onError(handleError);
  const send = async (path: string, body?: unknown, ip = "1.1.1.1") => {
    const bag = new HeaderBag();
    const req = new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-ip": ip },
      body: JSON.stringify(body ?? {}),
    });
    const res = await app.fetch(req, { deps, headers: bag, readBody: requestBodyReader(req) });
    return withResponseHeaders(res, bag);
  };
  return { send, clock };
}

describe("DRF rates", () => {
  it("parse as DRF does: the period's first letter counts", () => {
    expect(rateSchema.parse("100/min")).toEqual({ limit: 100, windowSeconds: 60 });
    expect(rateSchema.parse("5/second")).toEqual({ limit: 5, windowSeconds: 1 });
    expect(rateSchema.parse("1000/day")).toEqual({ limit: 1000, windowSeconds: 86400 });
    expect(rateSchema.parse("3/h")).toEqual({ limit: 3, windowSeconds: 3600 });
    expect(rateSchema.safeParse("lots").success).toBe(false);
  });
});

describe("throttle middleware", () => {
  it("reads the username from a clone: the handler still gets the whole body", async () => {
    const { send } = harness({ THROTTLE_ANON: "100/min", THROTTLE_LOGIN: "1/min" });
    const body = { username: "Alice", password: "pw" };
    const ok = await send("/api/login", body, "2.2.2.2");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(body);
    // Same username in another case, from another IP: the username's budget is spent.
    const refused = await send("/api/login", { username: "alice " }, "3.3.3.3");
    expect(refused.status).toBe(429);
    // No username (or not JSON): that scope does not apply.
    expect((await send("/api/login", {}, "4.4.4.4")).status).toBe(200);
  });

  it("shows the tightest budget when throttles nest", async () => {
    const { send } = harness({ THROTTLE_ANON: "100/min", THROTTLE_AI: "2/hour" });
    const res = await send("/api/gen");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-limit")).toBe("2");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("1");
    expect(res.headers.get("x-ratelimit-reset")).toBe("3600");
  });

  it("opens a new window once the old one has passed", async () => {
    const { send, clock } = harness({ THROTTLE_ANON: "1/sec" });
    expect((await send("/api/gen")).status).toBe(200);
    const refused = await send("/api/gen");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    clock.advance(1000);
    expect((await send("/api/gen")).status).toBe(200);
  });
});
