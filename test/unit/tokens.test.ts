import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signToken, TokenError, verifyToken } from "../../src/core/tokens";

const SECRET = "unit-test-secret-that-is-at-least-32-bytes-long";
const settings = { secretKey: SECRET, accessLifetime: 300, refreshLifetime: 86400 };
const NOW = 1_760_000_000;
const key = new TextEncoder().encode(SECRET);

/** Signs arbitrary claims the way another simplejwt deployment (or an attacker) might. */
function forge(claims: Record<string, unknown>, alg = "HS256", secret = key) {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(secret);
}
const base = (extra: Record<string, unknown> = {}) => ({
  token_type: "access",
  exp: NOW + 300,
  iat: NOW,
  jti: "0123456789abcdef0123456789abcdef",
  user_id: 7,
  ...extra,
});
const b64url = (s: string) => Buffer.from(s).toString("base64url");

async function rejection(token: string, type: "access" | "refresh" | "any" = "access") {
  try {
    await verifyToken(SECRET, token, type, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(TokenError);
    return (err as TokenError).message;
  }
  throw new Error("token was accepted");
}

describe("signToken", () => {
  it("writes simplejwt's claims, a family and iat_ms, and verifies", async () => {
    const { token, claims } = await signToken(settings, "refresh", 42, NOW, {
      family: "fam1",
      issuedAtMs: NOW * 1000 + 123,
    });
    expect(claims).toEqual({
      token_type: "refresh",
      exp: NOW + 86400,
      iat: NOW,
      jti: expect.stringMatching(/^[0-9a-f]{32}$/),
      user_id: 42,
      fam: "fam1",
      iat_ms: NOW * 1000 + 123,
    });
    const [header] = token.split(".");
    expect(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).toEqual({
      alg: "HS256",
      typ: "JWT",
    });
    expect(await verifyToken(SECRET, token, "refresh", NOW)).toEqual(claims);
  });

  it("access tokens live ACCESS_TOKEN_LIFETIME and carry no family", async () => {
    const { claims } = await signToken(settings, "access", 1, NOW);
    expect(claims.exp - claims.iat).toBe(300);
    expect(claims.fam).toBeUndefined();
    expect(claims.iat_ms).toBeUndefined();
  });
});

describe("verifyToken", () => {
  it("accepts a Django-minted token with a string user_id and no family", async () => {
    const token = await forge(base({ token_type: "refresh", user_id: "15" }));
    expect(await verifyToken(SECRET, token, "refresh", NOW)).toEqual({
      token_type: "refresh",
      exp: NOW + 300,
      iat: NOW,
      jti: "0123456789abcdef0123456789abcdef",
      user_id: 15,
    });
  });

  it.each(["HS384", "HS512"])("refuses %s even with the right secret", async (alg) => {
    expect(await rejection(await forge(base(), alg))).toBe("Token is invalid or expired");
  });

  it("refuses alg none", async () => {
    const token = `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(base()))}.`;
    expect(await rejection(token)).toBe("Token is invalid or expired");
  });

  it("refuses a bad signature and garbage", async () => {
    const other = new TextEncoder().encode("another-secret-of-sufficient-length-000000");
    expect(await rejection(await forge(base(), "HS256", other))).toBe(
      "Token is invalid or expired",
    );
    const good = await forge(base());
    const tampered = good.replace(/\.[^.]+\./, `.${b64url(JSON.stringify(base({ user_id: 1 })))}.`);
    expect(await rejection(tampered)).toBe("Token is invalid or expired");
    expect(await rejection("not-a-jwt")).toBe("Token is invalid or expired");
  });

  it("refuses a missing or past exp, and accepts up to the second before it", async () => {
    const { exp: _exp, ...noExp } = base();
    expect(await rejection(await forge(noExp))).toBe("Token is invalid or expired");
    expect(await rejection(await forge(base({ exp: NOW })))).toBe("Token is invalid or expired");
    expect(await rejection(await forge(base({ exp: NOW - 1 })))).toBe(
      "Token is invalid or expired",
    );
    const live = await forge(base({ exp: NOW + 1 }));
    expect((await verifyToken(SECRET, live, "access", NOW)).user_id).toBe(7);
  });

  it("refuses the wrong or a missing type", async () => {
    expect(await rejection(await forge(base()), "refresh")).toBe("Token has wrong type");
    expect(await rejection(await forge(base({ token_type: "refresh" })), "access")).toBe(
      "Token has wrong type",
    );
    const { token_type: _t, ...untyped } = base();
    expect(await rejection(await forge(untyped), "any")).toBe("Token has no type");
    expect(await rejection(await forge(base({ token_type: "sliding" })), "any")).toBe(
      "Token has no type",
    );
  });

  it("refuses user ids that are not integers", async () => {
    for (const user_id of ["abc", "1.5", "-3", 1.5, null, true, 0, -3, 2 ** 31, "2147483648"]) {
      expect(await rejection(await forge(base({ user_id })))).toBe(
        "Token contained no recognizable user identification",
      );
    }
  });

  it("accepts the largest id an integer column holds", async () => {
    const token = await forge(base({ user_id: "2147483647" }));
    expect((await verifyToken(SECRET, token, "access", NOW)).user_id).toBe(2147483647);
  });

  it("'any' accepts both types", async () => {
    const access = await forge(base());
    const refresh = await forge(base({ token_type: "refresh" }));
    expect((await verifyToken(SECRET, access, "any", NOW)).token_type).toBe("access");
    expect((await verifyToken(SECRET, refresh, "any", NOW)).token_type).toBe("refresh");
  });
});
