import { ApiError, forbidden } from "./errors";
import type { PersonalTokenGrant, RouteScope, TokenScope } from "./scope-names";

/** Whether a token with `granted` may do what `needed` names (`x:write` covers `x:read`). */
export function scopeGranted(granted: readonly TokenScope[], needed: TokenScope): boolean {
  if (granted.includes(needed)) return true;
  if (!needed.endsWith(":read")) return false;
  const write = `${needed.slice(0, -":read".length)}:write`;
  return granted.some((s) => s === write);
}

export const missingScope = (scope: TokenScope) =>
  new ApiError(403, { detail: `This token does not have the scope "${scope}".` });

/**
 * Refuses a personal token outside `needed`; a session (JWT) or an anonymous request passes
 * (its access is the route's `access` check).
 */
export function checkTokenScope(grant: PersonalTokenGrant | null, needed: RouteScope): void {
  if (!grant || needed === "any") return;
  if (needed === "session") throw forbidden();
  if (!scopeGranted(grant.scopes, needed)) throw missingScope(needed);
}
