import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Kv } from "../../src/core/kv";
import { createMemoryLogger } from "../../src/core/logger";
import { createMemoryKv } from "../../src/kv/memory";
import {
  createUpstashKv,
  KV_BREAKER_BASE_MS,
  KvUnavailableError,
  type UpstashClient,
} from "../../src/kv/upstash";
import { createTestClock, uniqueName } from "../helpers/deps";
import { deadUrl, redisReachable, startTestBridge, type TestBridge } from "../helpers/redis";

/** The Kv contract, held by the in-process twin and by the Upstash adapter on a real Redis. */
const available = await redisReachable();
let bridge: TestBridge | undefined;
beforeAll(async () => {
  if (available) bridge = await startTestBridge();
});
afterAll(async () => {
  await bridge?.close();
});

const stores: Array<[string, () => Kv]> = [
  ["memory", () => createMemoryKv()],
  [
    "upstash",
    () => {
      if (!bridge) throw new Error("no bridge");
      return createUpstashKv(bridge.appClient());
    },
  ],
];

describe.each(stores)("kv contract: %s", (name, make) => {
  const skip = name === "upstash" && !available;
  const key = () => `kv-test:${uniqueName()}`;

  it.skipIf(skip)("stores strings verbatim, JSON-looking ones included", async () => {
    const kv = make();
    const k = key();
    expect(await kv.get(k)).toBeNull();
    for (const v of ['{"a":1}', "123", "true", "héllo ✓", ""]) {
      await kv.set(k, v, 60);
      expect(await kv.get(k)).toBe(v);
    }
    await kv.set(k, "kept");
    await kv.del(k, key());
    expect(await kv.get(k)).toBeNull();
    await kv.del();
    await kv.ping();
  });

  it.skipIf(skip)(
    "setNx: exactly one of many concurrent claims wins; deleting frees the key",
    async () => {
      const kv = make();
      const k = key();
      const won = await Promise.all(Array.from({ length: 20 }, (_, i) => kv.setNx(k, `c${i}`, 1)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await kv.get(k)).toBe(`c${won.indexOf(true)}`);
      expect(await kv.setNx(k, "late", 60)).toBe(false);
      await kv.del(k);
      expect(await kv.setNx(k, "after", 60)).toBe(true);
      expect(await kv.get(k)).toBe("after");
    },
  );

  it.skipIf(skip)("incr counts atomically and sets the expiry on the first hit only", async () => {
    const kv = make();
    const k = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => kv.incr(k, 60)));
    expect(results.map((r) => r.value).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    for (const r of results) {
      expect(r.ttlMs).toBeGreaterThan(55_000);
      expect(r.ttlMs).toBeLessThanOrEqual(60_000);
    }
    // A later increment with another TTL keeps the window it started with.
    const again = await kv.incr(k, 3600);
    expect(again.value).toBe(21);
    expect(again.ttlMs).toBeLessThanOrEqual(60_000);
    await kv.del(k);
  });

  it.skipIf(skip)("append keeps batches in order; range reads from an index on", async () => {
    const kv = make();
    const k = key();
    expect(await kv.range(k, 0)).toEqual([]);
    await kv.append(k, ['{"n":1}', "two"], 60);
    await kv.append(k, [], 60);
    await kv.append(k, ["3", "héllo ✓"], 60);
    expect(await kv.range(k, 0)).toEqual(['{"n":1}', "two", "3", "héllo ✓"]);
    expect(await kv.range(k, 2)).toEqual(["3", "héllo ✓"]);
    expect(await kv.range(k, 4)).toEqual([]);
    await kv.del(k);
    expect(await kv.range(k, 0)).toEqual([]);
  });
});

describe("memory kv lists", () => {
  it("expire with the last append's TTL", async () => {
    const clock = createTestClock(1_000);
    const kv = createMemoryKv(() => clock.now());
    await kv.append("l", ["a"], 10);
    clock.advance(8_000);
    await kv.append("l", ["b"], 10);
    clock.advance(8_000);
    expect(await kv.range("l", 0)).toEqual(["a", "b"]);
    clock.advance(3_000);
    expect(await kv.range("l", 0)).toEqual([]);
  });
});

describe("memory kv expiry", () => {
  it("expires keys and counters on its clock", async () => {
    const clock = createTestClock();
    const kv = createMemoryKv(() => clock.now());
    await kv.set("a", "1", 10);
    expect((await kv.incr("n", 10)).value).toBe(1);
    clock.advance(9_999);
    expect(await kv.get("a")).toBe("1");
    expect(await kv.incr("n", 10)).toEqual({ value: 2, ttlMs: 1 });
    clock.advance(1);
    expect(await kv.get("a")).toBeNull();
    expect(await kv.incr("n", 10)).toEqual({ value: 1, ttlMs: 10_000 });
  });
});

describe("upstash kv when the store is unreachable", () => {
  it("throws on every call but logs the outage once, and the recovery once", async () => {
    const logger = createMemoryLogger();
    let down = true;
    const fail = async () => {
      if (down) throw new TypeError("fetch failed");
      return "PONG";
    };
    const client = { get: fail, set: fail, del: fail, ping: fail } as unknown as UpstashClient;
    const kv = createUpstashKv(client, { logger });
    await expect(kv.get("a")).rejects.toThrow("fetch failed");
    await expect(kv.set("a", "b")).rejects.toThrow("fetch failed");
    await expect(kv.ping()).rejects.toThrow("fetch failed");
    down = false;
    await kv.ping();
    await kv.ping();
    const msgs = logger.lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(["kv store unavailable", "kv store recovered"]);
    expect(logger.lines[0]).toContain('"error":"TypeError"');
  });

  it("fails fast against a closed port with the entries' client options", async () => {
    const { Redis } = await import("@upstash/redis");
    const { UPSTASH_CLIENT_OPTIONS } = await import("../../src/kv/upstash");
    const kv = createUpstashKv(
      new Redis({ url: await deadUrl(), token: "t", ...UPSTASH_CLIENT_OPTIONS }),
    );
    const started = Date.now();
    await expect(kv.incr("x", 60)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe("upstash kv breaker: a down store costs one failure per incident", () => {
  function stub() {
    const calls = { get: 0, ping: 0 };
    const state = { down: true };
    const client = {
      get: async () => {
        calls.get++;
        if (state.down) throw new TypeError("fetch failed");
        return "v";
      },
      ping: async () => {
        calls.ping++;
        if (state.down) throw new TypeError("fetch failed");
        return "PONG";
      },
    } as unknown as UpstashClient;
    return { client, calls, state };
  }

  it("skips the store after a failure, probes in the background after the cooldown, then closes", async () => {
    const { client, calls, state } = stub();
    let now = 1_000_000;
    const logger = createMemoryLogger();
    const kv = createUpstashKv(client, { logger, now: () => now });
    await expect(kv.get("a")).rejects.toThrow("fetch failed");
    for (let i = 0; i < 50; i++) await expect(kv.get("a")).rejects.toThrow(KvUnavailableError);
    expect(calls).toEqual({ get: 1, ping: 0 });

    // Cooldown over, still down: one background probe, which doubles the cooldown.
    now += KV_BREAKER_BASE_MS;
    await expect(kv.get("a")).rejects.toThrow(KvUnavailableError);
    await vi.waitFor(() => expect(calls.ping).toBe(1));
    now += KV_BREAKER_BASE_MS;
    await expect(kv.get("a")).rejects.toThrow(KvUnavailableError);
    expect(calls.ping).toBe(1);

    // Back up: the next probe closes the breaker, and calls reach the store again.
    state.down = false;
    now += KV_BREAKER_BASE_MS;
    await expect(kv.get("a")).rejects.toThrow(KvUnavailableError);
    await vi.waitFor(() => expect(calls.ping).toBe(2));
    await vi.waitFor(async () => expect(await kv.get("a")).toBe("v"));
    expect(calls.get).toBe(2);
    const msgs = logger.lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(["kv store unavailable", "kv store recovered"]);
  });

  it("ping always reaches the store (it is /ready's check)", async () => {
    const { client, calls } = stub();
    const kv = createUpstashKv(client, { now: () => 0 });
    await expect(kv.get("a")).rejects.toThrow("fetch failed");
    await expect(kv.ping()).rejects.toThrow("fetch failed");
    expect(calls.ping).toBe(1);
  });
});
