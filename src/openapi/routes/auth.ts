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
} from "../../features/auth/auth.schemas";
import { tokenErrorSchema } from "../errors.schemas";
import { defineRoute } from "../spec";

const tokens = { refresh: "eyJhbGciOiJIUzI1NiIs...", access: "eyJhbGciOiJIUzI1NiIs..." };
const badToken = {
  description: "The token is invalid, expired, revoked or of the wrong type.",
  schema: tokenErrorSchema,
  example: { detail: "Token is invalid or expired", code: "token_not_valid" },
} as const;
const password = "correct horse battery staple";

export const authRoutes = [
  defineRoute({
    operationId: "register",
    method: "post",
    path: "/api/auth/register/",
    tag: "auth",
    summary: "Create an account",
    description: "Django's four password validators apply; `password2` must match.",
    access: "public",
    body: registerSchema,
    bodyExample: { username: "alice", email: "alice@example.com", password, password2: password },
    responses: {
      201: {
        description: "Created.",
        schema: registerResponseSchema,
        example: { id: 3, username: "alice", email: "alice@example.com" },
      },
    },
  }),
  defineRoute({
    operationId: "obtainToken",
    method: "post",
    path: "/api/auth/token/",
    tag: "auth",
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
  }),
  defineRoute({
    operationId: "refreshToken",
    method: "post",
    path: "/api/auth/token/refresh/",
    tag: "auth",
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
  }),
  defineRoute({
    operationId: "verifyToken",
    method: "post",
    path: "/api/auth/token/verify/",
    tag: "auth",
    summary: "Check a token",
    access: "public",
    body: tokenVerifySchema,
    bodyExample: { token: tokens.access },
    responses: {
      200: { description: "Valid.", schema: tokenVerifyResponseSchema, example: {} },
      401: badToken,
    },
  }),
  defineRoute({
    operationId: "logout",
    method: "post",
    path: "/api/auth/logout/",
    tag: "auth",
    summary: "Revoke a refresh token and its rotation family",
    access: "bearer",
    body: logoutSchema,
    bodyExample: { refresh: tokens.refresh },
    responses: { 205: { description: "Logged out." } },
  }),
  defineRoute({
    operationId: "me",
    method: "get",
    path: "/api/auth/me/",
    tag: "auth",
    summary: "Your account",
    access: "bearer",
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
  }),
  defineRoute({
    operationId: "deleteAccount",
    method: "delete",
    path: "/api/auth/me/",
    tag: "auth",
    summary: "Delete your account and everything it owns (confirm with the password)",
    access: "bearer",
    body: deleteAccountSchema,
    bodyExample: { password },
    responses: { 204: { description: "Deleted." } },
  }),
  defineRoute({
    operationId: "changePassword",
    method: "post",
    path: "/api/auth/password/change/",
    tag: "auth",
    summary: "Change your password (every refresh token is revoked)",
    access: "bearer",
    body: passwordChangeSchema,
    bodyExample: {
      old_password: password,
      new_password: "a new long passphrase",
      new_password2: "a new long passphrase",
    },
    responses: { 204: { description: "Changed." } },
  }),
] as const;
