import { eq, sql } from "drizzle-orm";
import type { Context, MiddlewareHandler, Next } from "hono";
import { createMiddleware } from "hono/factory";
import { prepared } from "../db/prepared";
import { authUser } from "../db/schema";
import { verifyAccessToken } from "./auth-cache";
import { ApiError, forbidden, invalidToken, notAuthenticated } from "./errors";
import { TokenError } from "./tokens";
import type { AppEnv, AuthUser } from "./types";

const userById = (db: AppEnv["Bindings"]["deps"]["database"]["db"]) =>
  db
    .select({
      id: authUser.id,
      username: authUser.username,
      email: authUser.email,
      firstName: authUser.firstName,
      lastName: authUser.lastName,
      isStaff: authUser.isStaff,
      isSuperuser: authUser.isSuperuser,
      isActive: authUser.isActive,
      dateJoined: authUser.dateJoined,
    })
    .from(authUser);

/** Loads an active user by id (simplejwt refuses inactive users' tokens). */
export async function loadActiveUser(
  db: AppEnv["Bindings"]["deps"]["database"]["db"],
  id: number,
): Promise<AuthUser | "missing" | "inactive"> {
  const query =
    prepared(db, "auth_active_user", (d) =>
      userById(d)
        .where(eq(authUser.id, sql.placeholder("id")))
        .limit(1)
        .prepare("auth_active_user"),
    ) ?? userById(db).where(eq(authUser.id, id)).limit(1);
  const [row] = await query.execute({ id });
  if (!row) return "missing";
  if (!row.isActive) return "inactive";
  const { isActive: _active, ...user } = row;
  return user;
}

/**
 * Reads `Authorization: Bearer <token>` on every request. No header (or another scheme, as
 * simplejwt does) makes the request anonymous; a bad token is 401 even on public endpoints.
 */
export const authenticate: MiddlewareHandler<AppEnv> = (c, next) => {
  c.set("user", null);
  const header = c.req.header("authorization");
  // Anonymous requests (most public reads) pass straight through, without an async layer.
  return header ? authenticateHeader(c, header, next) : next();
};

async function authenticateHeader(c: Context<AppEnv>, header: string, next: Next) {
  const parts = header.trim().split(/\s+/);
  if (parts[0] === "Bearer") {
    if (parts.length !== 2 || !parts[1]) {
      throw new ApiError(401, {
        detail: "Authorization header must contain two space-delimited values",
        code: "bad_authorization_header",
      });
    }
    const { deps } = c.env;
    let userId: number;
    try {
      userId = await verifyAccessToken(deps, parts[1]);
    } catch (err) {
      if (err instanceof TokenError) throw invalidToken(err.message);
      throw err;
    }
    const user = await loadActiveUser(deps.database.db, userId);
    if (user === "missing")
      throw new ApiError(401, { detail: "User not found", code: "user_not_found" });
    if (user === "inactive")
      throw new ApiError(401, { detail: "User is inactive", code: "user_inactive" });
    c.set("user", user);
  }
  await next();
}

/** 401 unless signed in. */
export const requireUser: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("user")) throw notAuthenticated();
  await next();
});

/** 401 unless signed in, 403 unless staff. */
export const requireStaff: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.get("user");
  if (!user) throw notAuthenticated();
  if (!user.isStaff) throw forbidden();
  await next();
});

/** The signed-in user inside a handler behind `requireUser`. */
export function currentUser(c: { get(key: "user"): AuthUser | null }): AuthUser {
  const user = c.get("user");
  if (!user) throw notAuthenticated();
  return user;
}
