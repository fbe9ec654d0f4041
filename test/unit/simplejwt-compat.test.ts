import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signToken } from "../../src/core/tokens";
import { djangoTokens } from "../helpers/django-fixture";

/**
 * During a side-by-side cutover the Django service must accept the tokens we mint. This is what
 * simplejwt 5.2 (over PyJWT 2) checks before it trusts a token, written out independently of
 * jose: HS256 signature with SECRET_KEY's UTF-8 bytes; `exp` an integer in the future, `iat` and
 * `nbf` integers when present, `nbf` passed, no `aud`/`iss` (none configured: PyJWT refuses an
 * `aud` then); `token_type` the expected one; a `jti`; the `user_id` claim. Proven first on the
 * tokens simplejwt itself minted (test/fixtures/django), then applied to ours.
 */
const b64 = (part: string) => Buffer.from(part, "base64url");

function simplejwtAccepts(
  token: string,
  secret: string,
  expectedType: "access" | "refresh",
  nowSeconds: number,
): string | null {
  const parts = token.split(".");
  if (parts.length !== 3) return "Not enough segments";
  const [head = "", body = "", sig = ""] = parts;
  const header = JSON.parse(b64(head).toString("utf8")) as Record<string, unknown>;
  if (header.alg !== "HS256") return "The specified alg value is not allowed";
  if (header.typ !== undefined && typeof header.typ !== "string") return "Invalid header";
  const expected = createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(`${head}.${body}`)
    .digest();
  const given = b64(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return "Signature verification failed";
  }
  const claims = JSON.parse(b64(body).toString("utf8")) as Record<string, unknown>;
  const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v);
  if (!isInt(claims.exp)) return "Expiration Time claim (exp) must be an integer.";
  if ((claims.exp as number) <= nowSeconds) return "Signature has expired";
  if ("iat" in claims && !isInt(claims.iat)) return "Issued At claim (iat) must be an integer.";
  if ("nbf" in claims && (!isInt(claims.nbf) || (claims.nbf as number) > nowSeconds)) {
    return "The token is not yet valid (nbf)";
  }
  if ("aud" in claims) return "Invalid audience";
  if ("iss" in claims) return "Invalid issuer";
  if (claims.token_type !== expectedType) return "Token has wrong type";
  if (typeof claims.jti !== "string" || claims.jti.length === 0) return "Token has no id";
  const id = claims.user_id;
  if (!(isInt(id) || (typeof id === "string" && /^\d+$/.test(id)))) {
    return "Token contained no recognizable user identification";
  }
  return null;
}

const fixture = djangoTokens();
const settings = { secretKey: fixture.secret_key, accessLifetime: 300, refreshLifetime: 86400 };
const now = Math.floor(Date.now() / 1000);

describe("tokens both ways with simplejwt 5.2", () => {
  it("the checks accept what simplejwt minted and refuse what it refuses", () => {
    expect(simplejwtAccepts(fixture.access_10y, fixture.secret_key, "access", now)).toBeNull();
    expect(simplejwtAccepts(fixture.refresh_10y, fixture.secret_key, "refresh", now)).toBeNull();
    expect(simplejwtAccepts(fixture.access_expired, fixture.secret_key, "access", now)).toBe(
      "Signature has expired",
    );
    expect(simplejwtAccepts(fixture.access_10y, "another-key", "access", now)).toBe(
      "Signature verification failed",
    );
    expect(simplejwtAccepts(fixture.refresh_10y, fixture.secret_key, "access", now)).toBe(
      "Token has wrong type",
    );
  });

  it("the Django service accepts the access and refresh tokens we mint", async () => {
    for (const type of ["access", "refresh"] as const) {
      const { token } = await signToken(settings, type, 3, now, {
        family: "f".repeat(32),
        issuedAtMs: now * 1000 + 123,
      });
      expect(simplejwtAccepts(token, fixture.secret_key, type, now)).toBeNull();
      const header = JSON.parse(b64(token.split(".")[0] ?? "").toString()) as object;
      expect(header).toEqual({ alg: "HS256", typ: "JWT" });
      const claims = JSON.parse(b64(token.split(".")[1] ?? "").toString()) as Record<
        string,
        unknown
      >;
      // simplejwt's claims, as it writes them (jti: uuid4().hex), beside ours it ignores.
      expect(claims).toMatchObject({ token_type: type, user_id: 3, iat: now });
      expect(claims.jti).toMatch(/^[0-9a-f]{32}$/);
      expect(claims.exp).toBe(now + (type === "access" ? 300 : 86400));
    }
  });
});
