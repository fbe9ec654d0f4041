import { nowSeconds } from "../../core/clock";
import { ApiError, invalidBodyToken } from "../../core/errors";
import {
  newJti,
  signToken,
  type TokenClaims,
  TokenError,
  type TokenType,
  verifyToken,
} from "../../core/tokens";
import type { Deps } from "../../deps";
import { loadActiveUser } from "./active-user";
import {
  claimRefreshToken,
  refreshRevocation,
  revokeFamily,
  revokeRefreshToken,
  tokenFamily,
} from "./revocations";

/** Token issue, rotation with reuse detection, verification and logout (simplejwt's wire format). */

export interface TokenPair {
  refresh: string;
  access: string;
}

const BLACKLISTED = "Token is blacklisted";

const noActiveAccount = () =>
  new ApiError(401, {
    detail: "No active account found for the given token.",
    code: "no_active_account",
  });

const tokenSettings = (deps: Deps) => ({
  secretKey: deps.config.secretKey,
  accessLifetime: deps.config.ACCESS_TOKEN_LIFETIME,
  refreshLifetime: deps.config.REFRESH_TOKEN_LIFETIME,
});

/** A new pair; `family` continues a rotation chain, otherwise a new chain starts. */
export async function issueTokenPair(deps: Deps, userId: number, family = newJti()) {
  const settings = tokenSettings(deps);
  const issuedAtMs = deps.clock.now();
  const now = nowSeconds(deps.clock);
  const [refresh, access] = await Promise.all([
    signToken(settings, "refresh", userId, now, { family, issuedAtMs }),
    signToken(settings, "access", userId, now, { issuedAtMs }),
  ]);
  return { refresh: refresh.token, access: access.token } satisfies TokenPair;
}

async function issueAccessToken(deps: Deps, userId: number): Promise<string> {
  const issuedAtMs = deps.clock.now();
  const signed = await signToken(tokenSettings(deps), "access", userId, nowSeconds(deps.clock), {
    issuedAtMs,
  });
  return signed.token;
}

/** A token sent in a request body: failures are simplejwt's `{detail, code: token_not_valid}`. */
async function verifyBodyToken(deps: Deps, token: string, type: TokenType | "any") {
  try {
    return await verifyToken(deps.config.secretKey, token, type, nowSeconds(deps.clock));
  } catch (err) {
    if (err instanceof TokenError) throw invalidBodyToken(err.message);
    throw err;
  }
}

/** Refuses a revoked refresh token; presenting an already rotated one revokes its family. */
async function assertNotRevoked(deps: Deps, claims: TokenClaims) {
  const reason = await refreshRevocation(deps, claims);
  if (reason === "used") await revokeFamily(deps, claims);
  if (reason) throw invalidBodyToken(BLACKLISTED);
}

/**
 * POST /token/refresh/. As simplejwt's defaults: a new access token, the refresh token stays
 * valid. With ROTATE_REFRESH_TOKENS: a new pair, the old refresh token revoked, and presenting a
 * rotated one again revokes its whole family (reuse detection).
 */
export async function refreshTokens(
  deps: Deps,
  raw: string,
): Promise<TokenPair | Pick<TokenPair, "access">> {
  const claims = await verifyBodyToken(deps, raw, "refresh");
  await assertNotRevoked(deps, claims);
  const user = await loadActiveUser(deps.database.db, claims.user_id);
  if (typeof user === "string") throw noActiveAccount();
  if (!deps.config.ROTATE_REFRESH_TOKENS)
    return { access: await issueAccessToken(deps, claims.user_id) };
  // The database decides which of two concurrent rotations wins; the loser is a reuse.
  if (!(await claimRefreshToken(deps, claims))) {
    await revokeFamily(deps, claims);
    throw invalidBodyToken(BLACKLISTED);
  }
  return issueTokenPair(deps, claims.user_id, tokenFamily(claims));
}

/** Any token type: signature and expiry; a refresh token must also not be revoked. */
export async function verifyAnyToken(deps: Deps, raw: string): Promise<void> {
  const claims = await verifyBodyToken(deps, raw, "any");
  if (claims.token_type === "refresh" && (await refreshRevocation(deps, claims))) {
    throw invalidBodyToken(BLACKLISTED);
  }
}

/** Revokes the caller's refresh token and its rotation family. */
export async function logout(deps: Deps, userId: number, raw: string): Promise<void> {
  const claims = await verifyBodyToken(deps, raw, "refresh");
  if (claims.user_id !== userId) throw invalidBodyToken();
  await assertNotRevoked(deps, claims);
  await revokeRefreshToken(deps, claims);
}
