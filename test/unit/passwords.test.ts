import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type Hasher,
  hashPassword,
  isUsableHash,
  pbkdf2Sha256,
  verifyPassword,
} from "../../src/core/passwords";

const hasher = (iterations = 1000, extra: Partial<Hasher> = {}): Hasher => ({
  iterations,
  webCryptoMaxIterations: Number.POSITIVE_INFINITY,
  ...extra,
});
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("PBKDF2-HMAC-SHA256", () => {
  // Published vectors for PBKDF2-HMAC-SHA256 (P="password", S="salt", dkLen=32; RFC 7914 §11).
  it.each([
    ["password", "salt", 1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"],
    ["password", "salt", 2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"],
    ["password", "salt", 4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"],
    ["passwd", "salt", 1, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"],
  ])("%s/%s/%i matches the known vector", async (pw, salt, c, expected) => {
    expect(hex(await pbkdf2Sha256(hasher(), pw, salt, c))).toBe(expected);
  });

  it("the pure-JS path (Workers above the WebCrypto cap) gives the same bytes", async () => {
    const seen: number[] = [];
    const capped = hasher(1000, { webCryptoMaxIterations: 10, onWebCrypto: (n) => seen.push(n) });
    expect(hex(await pbkdf2Sha256(capped, "password", "salt", 4096))).toBe(
      "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
    );
    expect(seen).toEqual([]);
  });
});

describe("Django password hashes", () => {
  it("verifies Django's own test vector (make_password('lètmein', 'seasalt'), 260000)", async () => {
    const encoded = "pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=";
    expect(await verifyPassword(hasher(260000), "lètmein", encoded)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect((await verifyPassword(hasher(260000), "letmein", encoded)).ok).toBe(false);
  });

  it("verifies a hash computed independently with node's crypto.pbkdf2Sync", async () => {
    const salt = "seasalt1234567890abcde";
    const digest = pbkdf2Sync("resumate-pass-1", salt, 1000, 32, "sha256").toString("base64");
    const encoded = `pbkdf2_sha256$1000$${salt}$${digest}`;
    expect(digest).toBe("Mjk3Tf3eaLjF7BFjtEWt5Govi1Bc2O0uSHWRoU0tN+I="); // CPython hashlib agrees
    expect(await verifyPassword(hasher(1000), "resumate-pass-1", encoded)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(await hashPassword(hasher(1000), "resumate-pass-1", salt)).toBe(encoded);
  });

  it("flags hashes with fewer iterations than configured for re-hashing, only when correct", async () => {
    const old = await hashPassword(hasher(500), "correct horse");
    expect(old.startsWith("pbkdf2_sha256$500$")).toBe(true);
    expect(await verifyPassword(hasher(1000), "correct horse", old)).toEqual({
      ok: true,
      needsRehash: true,
    });
    expect(await verifyPassword(hasher(1000), "wrong horse", old)).toEqual({
      ok: false,
      needsRehash: false,
    });
    const current = await hashPassword(hasher(1000), "correct horse");
    expect((await verifyPassword(hasher(1000), "correct horse", current)).needsRehash).toBe(false);
  });

  it("new hashes use random 22-character salts", async () => {
    const a = await hashPassword(hasher(), "same password");
    const b = await hashPassword(hasher(), "same password");
    expect(a).not.toBe(b);
    expect(a.split("$")[2]).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it("unusable ('!') and malformed hashes never verify", async () => {
    expect(isUsableHash("!abcdef")).toBe(false);
    expect(isUsableHash("pbkdf2_sha256$1$a$b")).toBe(true);
    for (const encoded of [
      "!",
      "!Zx81c2b3",
      "",
      "md5$salt$hash",
      "pbkdf2_sha256$abc$salt$hash",
      "pbkdf2_sha256$0$salt$hash",
      "pbkdf2_sha256$1000$$hash",
      "pbkdf2_sha256$1000$salt",
    ]) {
      expect(await verifyPassword(hasher(), "", encoded)).toEqual({
        ok: false,
        needsRehash: false,
      });
    }
  });
});
