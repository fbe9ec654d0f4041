import { describe, expect, it } from "vitest";
import { createBreaker } from "../../src/ai-providers/breaker";
import type { Kv } from "../../src/core/kv";
import { createMemoryLogger } from "../../src/core/logger";
import { createMemoryKv } from "../../src/kv/memory";
import { createTestClock } from "../helpers/deps";

const opts = { threshold: 3, cooldownMs: 30_000, trialTtlSeconds: 60 };

function setup(kv?: Kv) {
  const clock = createTestClock(1_000_000);
  const store = kv ?? createMemoryKv(() => clock.now());
  const parts = { kv: store, clock, logger: createMemoryLogger() };
  return { clock, parts, breaker: createBreaker(parts, "google_gemini:m", opts) };
}

describe("circuit breaker (state in the kv store)", () => {
  it("opens after the threshold of consecutive failures and fails fast while open", async () => {
    const { breaker } = setup();
    for (let i = 0; i < 2; i++) {
      expect(await breaker.acquire()).toBe("closed");
      await breaker.failure("closed");
    }
    expect(await breaker.acquire()).toBe("closed");
    await breaker.failure("closed");
    expect(await breaker.acquire()).toBe("open");
    expect(await breaker.acquire()).toBe("open");
  });

  it("a success resets the count: failures must be consecutive", async () => {
    const { breaker } = setup();
    await breaker.failure("closed");
    await breaker.failure("closed");
    await breaker.success();
    await breaker.failure("closed");
    await breaker.failure("closed");
    expect(await breaker.acquire()).toBe("closed");
  });

  it("after the cooldown lets exactly one trial through; its success closes the circuit", async () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 3; i++) await breaker.failure("closed");
    clock.advance(29_999);
    expect(await breaker.acquire()).toBe("open");
    clock.advance(1);
    expect(await breaker.acquire()).toBe("trial");
    expect(await breaker.acquire()).toBe("open"); // a second caller waits for the trial
    await breaker.success();
    expect(await breaker.acquire()).toBe("closed");
    await breaker.failure("closed");
    expect(await breaker.acquire()).toBe("closed"); // count started again from zero
  });

  it("a failed trial opens it again for another cooldown", async () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 3; i++) await breaker.failure("closed");
    clock.advance(30_000);
    expect(await breaker.acquire()).toBe("trial");
    await breaker.failure("trial");
    clock.advance(29_000);
    expect(await breaker.acquire()).toBe("open");
    clock.advance(1_000);
    expect(await breaker.acquire()).toBe("trial");
  });

  it("a trial that never reports (crashed process) frees the probe after its TTL", async () => {
    const { breaker, clock } = setup();
    for (let i = 0; i < 3; i++) await breaker.failure("closed");
    clock.advance(30_000);
    expect(await breaker.acquire()).toBe("trial");
    clock.advance(59_000);
    expect(await breaker.acquire()).toBe("open");
    clock.advance(1_000);
    expect(await breaker.acquire()).toBe("trial");
  });

  it("is shared: two breakers over one store see the same circuit (two instances)", async () => {
    const clock = createTestClock(5_000);
    const kv = createMemoryKv(() => clock.now());
    const a = createBreaker({ kv, clock, logger: createMemoryLogger() }, "open_router:x", opts);
    const b = createBreaker({ kv, clock, logger: createMemoryLogger() }, "open_router:x", opts);
    const other = createBreaker({ kv, clock, logger: createMemoryLogger() }, "open_router:y", opts);
    for (let i = 0; i < 3; i++) await a.failure("closed");
    expect(await b.acquire()).toBe("open");
    expect(await other.acquire()).toBe("closed"); // per provider and model
  });

  it("a healthy circuit writes nothing on success; a success after failures clears them", async () => {
    const clock = createTestClock(5_000);
    const kv = createMemoryKv(() => clock.now());
    const dels: string[][] = [];
    const counted: Kv = {
      ...kv,
      del: (...keys) => {
        dels.push(keys);
        return kv.del(...keys);
      },
    };
    const parts = { kv: counted, clock, logger: createMemoryLogger() };
    // One breaker per call, as resilience.ts makes them.
    const call = () => createBreaker(parts, "open_router:x", opts);
    const clean = call();
    expect(await clean.acquire()).toBe("closed");
    await clean.success();
    expect(dels).toEqual([]);
    await call().failure("closed");
    await call().failure("closed");
    const next = call();
    expect(await next.acquire()).toBe("closed"); // it saw the two failures
    await next.success();
    expect(dels).toHaveLength(1);
    await call().failure("closed");
    await call().failure("closed");
    expect(await call().acquire()).toBe("closed"); // the count started again from zero
    // A success with no acquire before it does not know, so it clears.
    await call().success();
    expect(dels).toHaveLength(2);
  });

  it("a kv outage degrades to closed and is logged, never thrown", async () => {
    const broken: Kv = {
      get: () => Promise.reject(new Error("down")),
      set: () => Promise.reject(new Error("down")),
      setNx: () => Promise.reject(new Error("down")),
      del: () => Promise.reject(new Error("down")),
      incr: () => Promise.reject(new Error("down")),
      ping: () => Promise.reject(new Error("down")),
      append: () => Promise.reject(new Error("down")),
      range: () => Promise.reject(new Error("down")),
    };
    const { breaker, parts } = setup(broken);
    expect(await breaker.acquire()).toBe("closed");
    await expect(breaker.failure("closed")).resolves.toBeUndefined();
    expect(parts.logger.lines.some((l) => l.includes("ai breaker store failed"))).toBe(true);
  });
});
