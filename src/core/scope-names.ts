/**
 * What a personal access token may be granted. `write` includes `read` of the same resource.
 * The tracker's resources (interviews, contacts, reminders, notes, calendar) are `applications`.
 */
export const TOKEN_SCOPES = [
  "resumes:read",
  "resumes:write",
  "applications:read",
  "applications:write",
  "letters:read",
  "letters:write",
  "ai",
  "account:read",
  "webhooks",
] as const;

export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * The scope a route needs from a personal token; `"session"`: tokens are never accepted there
 * (token management, the password, the account's deletion, staff), only a session's access JWT;
 * `"any"`: any token, the operation checking each action's own scope (MCP: each tool is its REST
 * twin, which checks its scope).
 */
export type RouteScope = TokenScope | "session" | "any";

/** The credential a request was authenticated with, beyond the user. */
export interface PersonalTokenGrant {
  readonly id: number;
  readonly scopes: readonly TokenScope[];
}
