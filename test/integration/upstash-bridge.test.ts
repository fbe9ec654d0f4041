import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers/deps";
import { redisReachable, startTestBridge, type TestBridge, testRedisUrl } from "../helpers/redis";

/**
 * Protocol fidelity of scripts/upstash-bridge.ts, judged by @upstash/redis itself with its
 * default settings (base64 responses, JSON (de)serialization, auto-pipelining) and over raw HTTP.
 */
const available = await redisReachable();
let bridge: TestBridge;
let redis: Redis;

beforeAll(async () => {
  if (!available) return;
  bridge = await startTestBridge();
  redis = new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false });
});
afterAll(async () => {
  await bridge?.close();
});

const key = (s = "k") => `bridge-test:${uniqueName(s)}`;

async function raw(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${bridge.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bridge.token}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe.skipIf(!available)("upstash bridge with @upstash/redis", () => {
  it("round-trips strings (unicode included), JSON values and expiry", async () => {
    const k = key();
    expect(await redis.set(k, "héllo wörld ✓", { ex: 60 })).toBe("OK");
    expect(await redis.get(k)).toBe("héllo wörld ✓");
    const ttl = await redis.ttl(k);
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
    const j = key();
    await redis.set(j, { a: 1, list: ["x", 2] });
    expect(await redis.get(j)).toEqual({ a: 1, list: ["x", 2] });
    expect(await redis.get(key("missing"))).toBeNull();
    expect(await redis.del(k, j)).toBe(2);
    expect(await redis.ping()).toBe("PONG");
  });

  it("answers numbers, arrays and hashes", async () => {
    const n = key();
    expect(await redis.incr(n)).toBe(1);
    expect(await redis.incrby(n, 41)).toBe(42);
    const [a, b] = [key(), key()];
    await redis.mset({ [a]: "one", [b]: "two" });
    expect(await redis.mget<string[]>(a, `nope-${a}`, b)).toEqual(["one", null, "two"]);
    const h = key();
    await redis.hset(h, { name: "Ada", n: 7 });
    expect(await redis.hgetall(h)).toEqual({ name: "Ada", n: 7 });
    const l = key();
    await redis.rpush(l, "x", "y", "z");
    expect(await redis.lrange(l, 0, -1)).toEqual(["x", "y", "z"]);
    await redis.del(n, a, b, h, l);
  });

  it("runs pipelines, transactions and Lua scripts", async () => {
    const k = key();
    const p = redis.pipeline();
    p.set(k, "v");
    p.get(k);
    p.incr(key());
    expect(await p.exec()).toEqual(["OK", "v", 1]);
    const c = key();
    const tx = redis.multi();
    tx.set(c, "0", { nx: true, px: 60_000 });
    tx.incr(c);
    tx.pttl(c);
    const [setReply, count, pttl] = await tx.exec<[string, number, number]>();
    expect([setReply, count]).toEqual(["OK", 1]);
    expect(pttl).toBeGreaterThan(59_000);
    const script = "return {redis.call('INCR', KEYS[1]), ARGV[1]}";
    expect(await redis.eval(script, [c], ["ab"])).toEqual([2, "ab"]);
    await redis.del(k, c);
  });

  it("reports Redis errors as Upstash does", async () => {
    const k = key();
    await redis.set(k, "text");
    await expect(redis.incr(k)).rejects.toThrow(/ERR value is not an integer/);
    const tx = redis.multi();
    tx.set(k, "5");
    tx.hget(k, "f");
    await expect(tx.exec()).rejects.toThrow(/WRONGTYPE/);
    await redis.del(k);
  });

  it("auto-pipelines parallel commands into one request correctly", async () => {
    const keys = [key(), key(), key()];
    await Promise.all(keys.map((k, i) => redis.set(k, `v${i}`)));
    expect(await Promise.all(keys.map((k) => redis.get(k)))).toEqual(["v0", "v1", "v2"]);
    await redis.del(...keys);
  });

  it("speaks the wire format: base64 encoding, per-command errors, auth", async () => {
    const k = key();
    expect(await raw("/", ["SET", k, "hi"])).toEqual({ status: 200, body: { result: "OK" } });
    expect(await raw("/", ["GET", k], { "upstash-encoding": "base64" })).toEqual({
      status: 200,
      body: { result: btoa("hi") },
    });
    expect(await raw("/", ["GET", k])).toEqual({ status: 200, body: { result: "hi" } });
    expect(
      await raw("/pipeline", [
        ["GET", k],
        ["INCR", k],
        ["EXISTS", k],
      ]),
    ).toEqual({
      status: 200,
      body: [
        { result: "hi" },
        { error: "ERR value is not an integer or out of range" },
        { result: 1 },
      ],
    });
    expect(await raw("/", ["NOSUCHCOMMAND"])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^ERR unknown command/) },
    });
    expect(await raw("/", { not: "an array" })).toMatchObject({ status: 400 });
    const denied = await raw("/", ["GET", k], { authorization: "Bearer wrong" });
    expect(denied).toEqual({ status: 401, body: { error: "Unauthorized" } });
    const other = new Redis({ url: bridge.url, token: "wrong", retry: false });
    await expect(other.get(k)).rejects.toThrow(/Unauthorized/);
    await redis.del(k);
  });
});

describe.skipIf(!available)("upstash bridge when Redis goes away", () => {
  it("answers every path at once with 'offline' (a MULTI no longer waits on reconnects)", async () => {
    // A proxy in front of the test Redis that can be cut, as Redis stopping would.
    const sockets = new Set<Socket>();
    let up = true;
    const target = new URL(testRedisUrl);
    const proxy = createServer((client) => {
      if (!up) return void client.destroy();
      const server = connect(Number(target.port || 6379), target.hostname || "127.0.0.1");
      for (const s of [client, server]) {
        sockets.add(s);
        s.on("error", () => {
          client.destroy();
          server.destroy();
        });
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.address() as AddressInfo;
    const cut = await startTestBridge(`redis://127.0.0.1:${port}`);
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${cut.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${cut.token}` },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    try {
      expect((await call("/multi-exec", [["GET", key()]])).status).toBe(200);
      up = false;
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const offline = { error: "ERR redis unavailable: The client is offline" };
      for (const [path, body] of [
        ["/", ["GET", key()]],
        ["/pipeline", [["GET", key()]]],
        ["/multi-exec", [["GET", key()]]],
      ] as const) {
        expect(await call(path, body)).toEqual({ status: 500, body: offline });
      }
    } finally {
      await cut.close();
      proxy.close();
    }
  });
});
