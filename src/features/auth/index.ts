/**
 * The auth feature (`/api/auth/**`): what the rest of the app may use: the active-user check the
 * app's auth middleware runs, and Django's password validators (a share link's password too).
 */
export { loadActiveUser } from "./active-user";
export { authRoutes } from "./auth.routes";
export { validatePassword } from "./password-validators";
