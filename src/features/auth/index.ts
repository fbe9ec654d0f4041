/**
 * The auth feature (`/api/auth/**`): what the rest of the app may use: the active-user check the
 * app's auth middleware runs (JWT and personal token), Django's password validators (a share
 * link's password too). The routes of its sub-resources (tokens, the account export) are the
 * second face, deferred.ts.
 */

export { loadActiveUser } from "./active-user";
export { authRoutes } from "./auth.routes";
export { validatePassword } from "./password-validators";
export { loadPersonalToken } from "./tokens/tokens.lookup";
