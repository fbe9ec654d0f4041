import { currentUser } from "../../core/auth";
import { loginIpScope, loginUsernameScope, passwordScope } from "../../core/throttle";
import { tokenErrorSchema } from "../../openapi/errors.schemas";
import { route } from "../../route";
import {
  deleteAccountSchema,
  logoutSchema,
  meResponseSchema,
  passwordChangeSchema,
  registerResponseSchema,
  registerSchema,
  tokenObtainSchema,
  tokenPairSchema,
  tokenRefreshResponseSchema,
  tokenRefreshSchema,
  tokenVerifyResponseSchema,
  tokenVerifySchema,
} from "./auth.schemas";
import { serializeMe } from "./auth.serializers";
import {
  changePassword,
  deleteAccount,
  obtainTokens,
  register,
  usernameCheck,
} from "./auth.service";
import { logout, refreshTokens, verifyAnyToken } from "./auth.session";

const tokens = { refresh: "eyJhbGciOiJIUzI1NiIs...", access: "eyJhbGciOiJIUzI1NiIs..." };
const badToken = {
  description: "The token is invalid, expired, revoked or of the wrong type.",
  schema: tokenErrorSchema,
  example: { detail: "Token is invalid or expired", code: "token_not_valid" },
} as const;
const password = "correct horse battery staple";
const tag = "auth";

/** /api/auth: registration, simplejwt-compatible tokens, and the signed-in account. */
export const authRoutes = [
  route(
    {
      operationId: "register",
      idempotent: true,
      method: "post",
      path: "/api/auth/register/",
      errors: [503],
      tag,
      summary: "Create an account",
      description: "Django's four password validators apply; `password2` must match.",
      access: "public",
      body: registerSchema,
      checks: { username: usernameCheck },
      bodyExample: { username: "alice", email: "alice@example.com", password, password2: password },
      responses: {
        201: {
          description: "Created.",
          schema: registerResponseSchema,
          example: { id: 3, username: "alice", email: "alice@example.com" },
        },
      },
      index: { name: "auth", path: "/api/auth/" },
    },
    async (c) => c.json(await register(c.env.deps, c.req.valid("json")), 201),
  ),
  route(
    {
      operationId: "obtainToken",
      method: "post",
      path: "/api/auth/token/",
      throttle: [loginIpScope, loginUsernameScope],
      errors: [503],
      tag,
      summary: "Log in: a refresh and an access token",
      access: "public",
      body: tokenObtainSchema,
      bodyExample: { username: "alice", password },
      responses: {
        200: { description: "The token pair.", schema: tokenPairSchema, example: tokens },
        401: {
          description: "Unknown user, wrong password or inactive account (indistinguishable).",
          schema: tokenErrorSchema,
          example: { detail: "No active account found with the given credentials" },
        },
      },
    },
    async (c) => c.json(await obtainTokens(c.env.deps, c.req.valid("json"))),
  ),
  route(
    {
      operationId: "refreshToken",
      method: "post",
      path: "/api/auth/token/refresh/",
      tag,
      summary: "A new access token (and, with ROTATE_REFRESH_TOKENS, a new refresh token)",
      access: "public",
      body: tokenRefreshSchema,
      bodyExample: { refresh: tokens.refresh },
      responses: {
        200: {
          description: "A new access token; `refresh` too when ROTATE_REFRESH_TOKENS is on.",
          schema: tokenRefreshResponseSchema,
          example: { access: tokens.access },
        },
        401: badToken,
      },
    },
    async (c) => c.json(await refreshTokens(c.env.deps, c.req.valid("json").refresh)),
  ),
  route(
    {
      operationId: "verifyToken",
      method: "post",
      path: "/api/auth/token/verify/",
      tag,
      summary: "Check a token",
      access: "public",
      body: tokenVerifySchema,
      bodyExample: { token: tokens.access },
      responses: {
        200: { description: "Valid.", schema: tokenVerifyResponseSchema, example: {} },
        401: badToken,
      },
    },
    async (c) => {
      await verifyAnyToken(c.env.deps, c.req.valid("json").token);
      return c.json({});
    },
  ),
  route(
    {
      operationId: "logout",
      method: "post",
      path: "/api/auth/logout/",
      tag,
      summary: "Revoke a refresh token and its rotation family",
      access: "bearer",
      tokenScope: "session",
      body: logoutSchema,
      bodyExample: { refresh: tokens.refresh },
      responses: { 205: { description: "Logged out." } },
    },
    async (c) => {
      await logout(c.env.deps, currentUser(c).id, c.req.valid("json").refresh);
      return c.body(null, 205);
    },
  ),
  route(
    {
      operationId: "me",
      method: "get",
      path: "/api/auth/me/",
      tag,
      summary: "Your account",
      access: "bearer",
      tokenScope: "account:read",
      responses: {
        200: {
          description: "The signed-in user.",
          schema: meResponseSchema,
          example: {
            id: 3,
            username: "alice",
            email: "alice@example.com",
            first_name: "",
            last_name: "",
            is_staff: false,
            date_joined: "2026-01-15T10:30:00.123456Z",
          },
        },
      },
    },
    (c) => c.json(serializeMe(currentUser(c))),
  ),
  route(
    {
      operationId: "deleteAccount",
      method: "delete",
      path: "/api/auth/me/",
      throttle: [passwordScope],
      errors: [503],
      tag,
      summary: "Delete your account and everything it owns (confirm with the password)",
      access: "bearer",
      tokenScope: "session",
      body: deleteAccountSchema,
      bodyExample: { password },
      responses: { 204: { description: "Deleted." } },
    },
    async (c) => {
      await deleteAccount(c.env.deps, currentUser(c), c.req.valid("json").password);
      return c.body(null, 204);
    },
  ),
  route(
    {
      operationId: "changePassword",
      method: "post",
      path: "/api/auth/password/change/",
      throttle: [passwordScope],
      errors: [503],
      tag,
      summary: "Change your password (every refresh token is revoked)",
      access: "bearer",
      tokenScope: "session",
      body: passwordChangeSchema,
      bodyExample: {
        old_password: password,
        new_password: "a new long passphrase",
        new_password2: "a new long passphrase",
      },
      responses: { 204: { description: "Changed." } },
    },
    async (c) => {
      await changePassword(c.env.deps, currentUser(c), c.req.valid("json"));
      return c.body(null, 204);
    },
  ),
] as const;
