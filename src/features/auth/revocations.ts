import { and, eq, lt, or, sql } from "drizzle-orm";
import type { TokenClaims } from "../../core/tokens";
import type { Db } from "../../db/client";
import { revokedToken, tokenCutoff } from "../../db/schema";
import { bare } from "../../db/sql";
import type { Deps } from "../../deps";

/**
 * Refresh-token revocation, stored in PostgreSQL so every instance sees it. Routes and services
 * only call these functions, so a cache (kv) can later sit in front of the reads here without
 * touching them. Rows carry the time after which they no longer matter and are pruned then.
 */

export type RevocationDeps = Pick<Deps, "database" | "clock" | "config" | "waitUntil">;

/** Why a refresh token is refused: already rotated/logged out, family revoked, or issued before a cutoff. */
export type RevocationReason = "used" | "family" | "cutoff";

/** A token minted by Django has no `fam`: it is the root of its own family. */
export const tokenFamily = (claims: TokenClaims) => claims.fam ?? claims.jti;

/** Django-minted tokens have whole seconds only; ours carry `iat_ms`. */
const issuedAtMs = (claims: TokenClaims) => claims.iat_ms ?? claims.iat * 1000;

/** Prune on about one write in this many: cheap, stateless, and enough to keep the table small. */
const PRUNE_ONE_IN = 50;

export async function refreshRevocation(
  deps: RevocationDeps,
  claims: TokenClaims,
): Promise<RevocationReason | null> {
  const db = deps.database.db;
  const [rows, cutoff] = await Promise.all([
    db
      .select({ kind: revokedToken.kind })
      .from(revokedToken)
      .where(
        or(
          and(eq(revokedToken.kind, "jti"), eq(revokedToken.id, claims.jti)),
          and(eq(revokedToken.kind, "family"), eq(revokedToken.id, tokenFamily(claims))),
        ),
      ),
    db
      .select({ notBefore: tokenCutoff.notBefore })
      .from(tokenCutoff)
      .where(eq(tokenCutoff.userId, claims.user_id)),
  ]);
  if (rows.some((r) => r.kind === "family")) return "family";
  if (rows.length > 0) return "used";
  const notBefore = cutoff[0]?.notBefore;
  if (notBefore && issuedAtMs(claims) < notBefore.getTime()) return "cutoff";
  return null;
}

export async function isRefreshTokenRevoked(deps: RevocationDeps, claims: TokenClaims) {
  return (await refreshRevocation(deps, claims)) !== null;
}

/**
 * Marks a refresh token as used. Only the first caller gets true: the primary key makes two
 * concurrent rotations of one token race in the database, not in this process.
 */
export async function claimRefreshToken(deps: RevocationDeps, claims: TokenClaims) {
  const inserted = await deps.database.db
    .insert(revokedToken)
    .values({ kind: "jti", id: claims.jti, expiresAt: new Date(claims.exp * 1000) })
    .onConflictDoNothing()
    .returning({ id: revokedToken.id });
  maybePrune(deps);
  return inserted.length > 0;
}

/** Revokes the token's whole rotation family, including members not minted yet. */
export async function revokeFamily(deps: RevocationDeps, claims: TokenClaims) {
  // Later members expire up to one refresh lifetime from now: keep the row that long.
  const until = deps.clock.now() + deps.config.REFRESH_TOKEN_LIFETIME * 1000;
  await deps.database.db
    .insert(revokedToken)
    .values({ kind: "family", id: tokenFamily(claims), expiresAt: new Date(until) })
    .onConflictDoUpdate({
      target: [revokedToken.kind, revokedToken.id],
      set: {
        expiresAt: sql`greatest(${revokedToken.expiresAt}, excluded.${bare(revokedToken.expiresAt)})`,
      },
    });
  maybePrune(deps);
}

/** Logout: this token and its family. */
export async function revokeRefreshToken(deps: RevocationDeps, claims: TokenClaims) {
  await claimRefreshToken(deps, claims);
  await revokeFamily(deps, claims);
}

/** Every refresh token of the user issued before `atMs` is refused from now on. */
export async function revokeAllForUser(db: Db, userId: number, atMs: number) {
  await db
    .insert(tokenCutoff)
    .values({ userId, notBefore: new Date(atMs) })
    .onConflictDoUpdate({
      target: tokenCutoff.userId,
      set: {
        notBefore: sql`greatest(${tokenCutoff.notBefore}, excluded.${bare(tokenCutoff.notBefore)})`,
      },
    });
}

/** Drops rows that can no longer refuse anything: expired revocations, cutoffs older than any live token. */
export async function pruneExpiredRevocations(
  db: Db,
  nowMs: number,
  refreshLifetimeSeconds: number,
) {
  const revoked = await db
    .delete(revokedToken)
    .where(lt(revokedToken.expiresAt, new Date(nowMs)))
    .returning({ id: revokedToken.id });
  const oldest = new Date(nowMs - refreshLifetimeSeconds * 1000);
  const cutoffs = await db
    .delete(tokenCutoff)
    .where(lt(tokenCutoff.notBefore, oldest))
    .returning({ userId: tokenCutoff.userId });
  return { revoked: revoked.length, cutoffs: cutoffs.length };
}

function maybePrune(deps: RevocationDeps) {
  if (Math.random() * PRUNE_ONE_IN >= 1) return;
  deps.waitUntil(
    pruneExpiredRevocations(deps.database.db, deps.clock.now(), deps.config.REFRESH_TOKEN_LIFETIME),
  );
}
