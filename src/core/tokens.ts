import { errors, jwtVerify, SignJWT } from "jose";

/** simplejwt-compatible HS256 tokens. The only module that imports jose. */
export type TokenType = "access" | "refresh";

export interface TokenClaims {
  token_type: TokenType;
  exp: number;
  iat: number;
  jti: string;
  user_id: number;
  /** Rotation family of a refresh token (ours; Django-minted tokens have none). */
  fam?: string;
  /** Issue time in ms (ours; simplejwt ignores it): password-change cutoffs need sub-second order. */
  iat_ms?: number;
}

export interface SignOptions {
  family?: string;
  /** Issue time in ms; sets `iat_ms` (and `iat` from it, overriding the seconds argument). */
  issuedAtMs?: number;
}

export interface TokenSettings {
  secretKey: string;
  accessLifetime: number;
  refreshLifetime: number;
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Uint8Array>();

function key(secret: string): Uint8Array {
  let k = keyCache.get(secret);
  if (!k) {
    k = encoder.encode(secret);
    keyCache.set(secret, k);
  }
  return k;
}

/** simplejwt uses uuid4().hex: 32 hex characters. */
export function newJti(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

export async function signToken(
  settings: TokenSettings,
  type: TokenType,
  userId: number,
  nowSeconds: number,
  opts: SignOptions = {},
): Promise<{ token: string; claims: TokenClaims }> {
  const lifetime = type === "access" ? settings.accessLifetime : settings.refreshLifetime;
  const iat = opts.issuedAtMs === undefined ? nowSeconds : Math.floor(opts.issuedAtMs / 1000);
  const claims: TokenClaims = {
    token_type: type,
    exp: iat + lifetime,
    iat,
    jti: newJti(),
    user_id: userId,
    ...(opts.family ? { fam: opts.family } : {}),
    ...(opts.issuedAtMs === undefined ? {} : { iat_ms: opts.issuedAtMs }),
  };
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(key(settings.secretKey));
  return { token, claims };
}

/**
 * auth_user.id is Django's AutoField, a PostgreSQL integer: a larger id in a validly signed
 * token could only fail the query (a 500), so it is no user identification at all.
 */
const MAX_USER_ID = 2_147_483_647;

export class TokenError extends Error {
  constructor(message = "Token is invalid or expired") {
    super(message);
    this.name = "TokenError";
  }
}

/**
 * Verifies signature (HS256 only: `none`, HS384, HS512 are refused), expiry (required), type,
 * and the user id (integer, or a string of digits as newer simplejwt writes).
 */
export async function verifyToken(
  secretKey: string,
  token: string,
  expected: TokenType | "any",
  nowSeconds: number,
): Promise<TokenClaims> {
  let payload: Record<string, unknown>;
  try {
    const res = await jwtVerify(token, key(secretKey), {
      algorithms: ["HS256"],
      requiredClaims: ["exp"],
      currentDate: new Date(nowSeconds * 1000),
      clockTolerance: 0,
    });
    payload = res.payload as Record<string, unknown>;
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) throw new TokenError();
    throw err;
  }
  const type = payload.token_type;
  if (type !== "access" && type !== "refresh") throw new TokenError("Token has no type");
  if (expected !== "any" && type !== expected) throw new TokenError("Token has wrong type");
  const rawId = payload.user_id;
  const userId =
    typeof rawId === "number"
      ? rawId
      : typeof rawId === "string" && /^\d+$/.test(rawId)
        ? Number(rawId)
        : NaN;
  if (!Number.isSafeInteger(userId) || userId < 1 || userId > MAX_USER_ID)
    throw new TokenError("Token contained no recognizable user identification");
  if (typeof payload.jti !== "string" || typeof payload.exp !== "number")
    throw new TokenError("Token has no id");
  return {
    token_type: type,
    exp: payload.exp,
    iat: typeof payload.iat === "number" ? payload.iat : 0,
    jti: payload.jti,
    user_id: userId,
    ...(typeof payload.fam === "string" ? { fam: payload.fam } : {}),
    ...(typeof payload.iat_ms === "number" && Number.isSafeInteger(payload.iat_ms)
      ? { iat_ms: payload.iat_ms }
      : {}),
  };
}
