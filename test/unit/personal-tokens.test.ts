import { describe, expect, it } from "vitest";
import {
  crc32,
  isWellFormedPersonalToken,
  newPersonalToken,
  PERSONAL_TOKEN_LENGTH,
} from "../../src/core/personal-tokens";
import { scopeGranted } from "../../src/core/scopes";

describe("personal token format", () => {
  it("is rsm_pat_ + 30 base62 + a 6-character checksum, and differs every time", () => {
    const a = newPersonalToken();
    const b = newPersonalToken();
    expect(a).toMatch(/^rsm_pat_[0-9A-Za-z]{36}$/);
    expect(a).toHaveLength(PERSONAL_TOKEN_LENGTH);
    expect(a).not.toBe(b);
    expect(isWellFormedPersonalToken(a)).toBe(true);
  });

  it("CRC-32 is zlib's", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("refuses a changed character, a bad checksum, another prefix or length", () => {
    const token = newPersonalToken();
    const i = 12;
    const flipped = token.slice(0, i) + (token[i] === "a" ? "b" : "a") + token.slice(i + 1);
    expect(isWellFormedPersonalToken(flipped)).toBe(false);
    expect(
      isWellFormedPersonalToken(`${token.slice(0, -1)}${token.at(-1) === "0" ? "1" : "0"}`),
    ).toBe(false);
    expect(isWellFormedPersonalToken(token.replace("rsm_pat_", "rsm_xyz_"))).toBe(false);
    expect(isWellFormedPersonalToken(`${token}0`)).toBe(false);
    expect(isWellFormedPersonalToken(`${token.slice(0, 20)}-${token.slice(21)}`)).toBe(false);
  });

  it("draws every base62 character (no character is unreachable)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const ch of newPersonalToken().slice(8, 38)) seen.add(ch);
    expect(seen.size).toBe(62);
  });
});

describe("scopes", () => {
  it("write includes read of the same resource only", () => {
    expect(scopeGranted(["resumes:write"], "resumes:read")).toBe(true);
    expect(scopeGranted(["resumes:read"], "resumes:write")).toBe(false);
    expect(scopeGranted(["applications:write"], "resumes:read")).toBe(false);
    expect(scopeGranted(["ai"], "ai")).toBe(true);
    expect(scopeGranted(["account:read"], "ai")).toBe(false);
  });
});
