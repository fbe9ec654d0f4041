import type { Context, MiddlewareHandler, Next } from "hono";
import { createMiddleware } from "hono/factory";
import { verifyAccessToken } from "./auth-cache";
import { ApiError, forbidden, invalidToken, notAuthenticated } from "./errors";
import { PERSONAL_TOKEN_PREFIX } from "./personal-tokens";
import type { PersonalTokenGrant } from "./scope-names";
import { TokenError } from "./tokens";
import type { AuthUser, CoreDeps, CoreEnv } from "./types";

/**
 * Loads the user a valid token names, from whatever holds users (the app's database): the core
 * knows no database. simplejwt refuses missing and inactive users' tokens.
 */
export type LoadUser<D extends CoreDeps> = (
  deps: D,
  id: number,
) => Promise<AuthUser | "missing" | "inactive">;

/**
 * Resolves a personal access token (`rsm_pat_...`) to its grant and its user (loaded with it,
 * as `LoadUser` would), or null when it is unknown, expired or revoked. The app owns the table.
 */
export type LoadPersonalToken<D extends CoreDeps> = (
  deps: D,
  token: string,
) => Promise<(PersonalTokenGrant & { user: AuthUser | "inactive" }) | null>;

/** The core's environment, with the app's own dependencies (those the loader reads). */
type EnvWith<D extends CoreDeps> = {
  Bindings: Omit<CoreEnv["Bindings"], "deps"> & { deps: D };
  Variables: CoreEnv["Variables"];
};

/**
 * Reads `Authorization: Bearer <token>` on every request. No header (or another scheme, as
 * simplejwt does) makes the request anonymous; a bad token is 401 even on public endpoints.
 */
export function authenticate<D extends CoreDeps>(
  loadUser: LoadUser<D>,
  loadToken: LoadPersonalToken<D>,
): MiddlewareHandler<EnvWith<D>> {
  const loaders = { loadUser, loadToken };
  return (c, next) => {
    c.set("user", null);
    c.set("personalToken", null);
    const header = c.req.header("authorization");
    // Anonymous requests (most public reads) pass straight through, without an async layer.
    return header ? authenticateHeader(c, header, next, loaders) : next();
  };
}

async function authenticateHeader<D extends CoreDeps>(
  c: Context<EnvWith<D>>,
  header: string,
  next: Next,
  { loadUser, loadToken }: { loadUser: LoadUser<D>; loadToken: LoadPersonalToken<D> },
) {
  const parts = header.trim().split(/\s+/);
  if (parts[0] === "Bearer") {
    if (parts.length !== 2 || !parts[1]) {
      throw new ApiError(401, {
        detail: "Authorization header must contain two space-delimited values",
        code: "bad_authorization_header",
      });
    }
    const { deps } = c.env;
    let user: Awaited<ReturnType<LoadUser<D>>>;
    // One prefix test keeps the JWT path as it was; a personal token never parses as a JWT.
    if (parts[1].startsWith(PERSONAL_TOKEN_PREFIX)) {
      const found = await loadToken(deps, parts[1]);
      if (!found) throw invalidToken();
      user = found.user;
      c.set("personalToken", { id: found.id, scopes: found.scopes });
    } else {
      let userId: number;
      try {
        userId = await verifyAccessToken(deps, parts[1]);
      } catch (err) {
        if (err instanceof TokenError) throw invalidToken(err.message);
        throw err;
      }
      user = await loadUser(deps, userId);
    }
    if (user === "missing")
      throw new ApiError(401, { detail: "User not found", code: "user_not_found" });
    if (user === "inactive")
      throw new ApiError(401, { detail: "User is inactive", code: "user_inactive" });
    c.set("user", user);
  }
  await next();
}

/** 401 unless signed in. */
export const requireUser: MiddlewareHandler<CoreEnv> = createMiddleware<CoreEnv>(
  async (c, next) => {
    if (!c.get("user")) throw notAuthenticated();
    await next();
  },
);

/** 401 unless signed in, 403 unless staff. */
export const requireStaff: MiddlewareHandler<CoreEnv> = createMiddleware<CoreEnv>(
  async (c, next) => {
    const user = c.get("user");
    if (!user) throw notAuthenticated();
    if (!user.isStaff) throw forbidden();
    await next();
  },
);

/** The signed-in user inside a handler behind `requireUser`. */
export function currentUser(c: { get(key: "user"): AuthUser | null }): AuthUser {
  const user = c.get("user");
  if (!user) throw notAuthenticated();
  return user;
}
