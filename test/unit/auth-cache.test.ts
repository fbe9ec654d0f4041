import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { verifyAccessToken } from "../../src/core/auth-cache";
import { BoundedCache } from "../../src/core/lru";
import { signToken, TokenError } from "../../src/core/tokens";

const SECRET = "unit-test-secret-that-is-at-least-32-bytes-long";
const NOW_MS = 1_760_000_000_000;
const settings = { secretKey: SECRET, accessLifetime: 300, refreshLifetime: 86400 };

function deps(secret = SECRET) {
  let now = NOW_MS;
  return {
    config: parseConfig({ SECRET_KEY: secret }),
    clock: { now: () => now },
    set: (ms: number) => {
      now = ms;
    },
  };
}

async function rejected(p: Promise<unknown>) {
  await expect(p).rejects.toBeInstanceOf(TokenError);
}

describe("BoundedCache", () => {
  it("forgets the least recently used entry beyond its bound", () => {
    const cache = new BoundedCache<number>(2);
    cache.set("a", 1, 100);
    cache.set("b", 2, 100);
    expect(cache.get("a", 0)).toBe(1); // "b" is now the least recently used
    cache.set("c", 3, 100);
    expect(cache.size).toBe(2);
    expect([cache.get("a", 0), cache.get("b", 0), cache.get("c", 0)]).toEqual([1, undefined, 3]);
  });

  it("misses from the expiry on and drops the entry", () => {
    const cache = new BoundedCache<string>(10);
    cache.set("k", "v", 1000);
    expect(cache.get("k", 999)).toBe("v");
    expect(cache.get("k", 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get("k", 0)).toBeUndefined();
  });
});

describe("verifyAccessToken", () => {
  it("returns the user id, from the cache too, until the token expires on the given clock", async () => {
    const d = deps();
    const { token } = await signToken(settings, "access", 42, NOW_MS / 1000);
    expect(await verifyAccessToken(d, token)).toBe(42);
    d.set(NOW_MS + 299_999);
    expect(await verifyAccessToken(d, token)).toBe(42);
    d.set(NOW_MS + 300_000); // jose: expired once now >= exp
    await rejected(verifyAccessToken(d, token));
  });

  it("does not accept a cached token under another secret", async () => {
    const { token } = await signToken(settings, "access", 7, NOW_MS / 1000);
    expect(await verifyAccessToken(deps(), token)).toBe(7);
    await rejected(verifyAccessToken(deps(`${SECRET}-other`), token));
  });

  it("never caches a refusal: refresh tokens and tampered tokens stay refused", async () => {
    const d = deps();
    const { token: refresh } = await signToken(settings, "refresh", 7, NOW_MS / 1000);
    await rejected(verifyAccessToken(d, refresh));
    await rejected(verifyAccessToken(d, refresh));
    const { token } = await signToken(settings, "access", 7, NOW_MS / 1000);
    const i = token.length - 10; // inside the signature, whose every bit there counts
    const tampered = `${token.slice(0, i)}${token[i] === "A" ? "B" : "A"}${token.slice(i + 1)}`;
    await rejected(verifyAccessToken(d, tampered));
    expect(await verifyAccessToken(d, token)).toBe(7);
  });
});
