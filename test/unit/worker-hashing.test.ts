import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { hashPassword, verifyPassword } from "../../src/core/passwords";
import { WORKERS_WEBCRYPTO_MAX_ITERATIONS, workerHasher } from "../../src/entry/worker-deps";

/**
 * Deployed Workers refuse WebCrypto PBKDF2 above 100,000 iterations (local workerd accepts it,
 * so only this test can catch a regression): the Workers hasher must never ask for more, yet
 * verify Django's default 600,000-iteration hashes.
 */
function djangoHash(password: string, salt: string, iterations: number): string {
  const hash = pbkdf2Sync(password, salt, iterations, 32, "sha256").toString("base64");
  return `pbkdf2_sha256$${iterations}$${salt}$${hash}`;
}

function observedHasher() {
  // The Worker's own construction, from the production default of 600,000 iterations.
  const hasher = workerHasher(parseConfig({}));
  const asked: number[] = [];
  hasher.onWebCrypto = (n) => asked.push(n);
  return { hasher, asked };
}

describe("password hashing on Workers", () => {
  it("verifies a 600,000-iteration Django hash without asking WebCrypto for it", async () => {
    const { hasher, asked } = observedHasher();
    expect(hasher.iterations).toBe(600_000);
    const stored = djangoHash("Correct-Horse-9", "s4ltS4ltS4ltS4ltS4ltS4", 600_000);
    expect(await verifyPassword(hasher, "Correct-Horse-9", stored)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(await verifyPassword(hasher, "wrong-Horse-9", stored)).toEqual({
      ok: false,
      needsRehash: false,
    });
    expect(asked).toEqual([]);
  }, 60_000);

  it("hashes new passwords at the WebCrypto cap, through WebCrypto, Django-compatible", async () => {
    const { hasher, asked } = observedHasher();
    const encoded = await hashPassword(hasher, "Blue-Harbor-42x", "fixedSaltFixedSalt1234");
    expect(encoded.split("$")[1]).toBe(String(WORKERS_WEBCRYPTO_MAX_ITERATIONS));
    expect(encoded).toBe(djangoHash("Blue-Harbor-42x", "fixedSaltFixedSalt1234", 100_000));
    expect(asked).toEqual([100_000]);
    // A hash at the cap is not "upgraded" to an iteration count Workers cannot compute.
    expect(await verifyPassword(hasher, "Blue-Harbor-42x", encoded)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(Math.max(...asked)).toBeLessThanOrEqual(WORKERS_WEBCRYPTO_MAX_ITERATIONS);
  });

  it("still uses WebCrypto (fast) for hashes within the cap, and upgrades weaker ones", async () => {
    const { hasher, asked } = observedHasher();
    const old = djangoHash("Old-Secret-77", "oldsalt", 20_000);
    expect(await verifyPassword(hasher, "Old-Secret-77", old)).toEqual({
      ok: true,
      needsRehash: true,
    });
    expect(asked).toEqual([20_000]);
  });
});
