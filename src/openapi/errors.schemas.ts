import * as z from "zod";
import { AI_UNAVAILABLE_MESSAGE } from "../core/errors";

/**
 * DRF-style error bodies as the app writes them (src/core/errors.ts), described once so every
 * operation of the document and the contract test share them.
 */
export const detailErrorSchema = z.object({ detail: z.string() });

/** Messages per field; errors not tied to a field are under "non_field_errors". */
export const fieldErrorsSchema = z.record(z.string(), z.array(z.string()));

/** No credentials, a bad token (simplejwt's body) or wrong login credentials. */
export const tokenErrorSchema = z.object({
  detail: z.string(),
  code: z.string().optional(),
  messages: z
    .array(z.object({ token_class: z.string(), token_type: z.string(), message: z.string() }))
    .optional(),
});

export const aiErrorSchema = z.object({ error: z.string() });

/** The error shapes as named components of the document. */
export const ERROR_COMPONENTS = [
  { id: "DetailError", schema: detailErrorSchema, examples: [{ detail: "Not found." }] },
  {
    id: "FieldErrors",
    schema: fieldErrorsSchema,
    description: 'Messages per field; errors not tied to a field are under "non_field_errors".',
    examples: [{ title: ["This field is required."], content: ["This field may not be blank."] }],
  },
  {
    id: "AuthError",
    schema: tokenErrorSchema,
    description: "No credentials, a bad token (simplejwt's body) or wrong login credentials.",
    examples: [
      {
        detail: "Given token not valid for any token type",
        code: "token_not_valid",
        messages: [
          {
            token_class: "AccessToken",
            token_type: "access",
            message: "Token is invalid or expired",
          },
        ],
      },
    ],
  },
  {
    id: "AiError",
    schema: aiErrorSchema,
    examples: [{ error: AI_UNAVAILABLE_MESSAGE }],
  },
] as const;

/** The common error answers: status → description, schema, example and headers. */
export const ERROR_RESPONSES = {
  400: {
    description: "Validation failed (messages per field) or the JSON could not be parsed.",
    schema: z.union([fieldErrorsSchema, detailErrorSchema]),
    example: { title: ["This field is required."] },
  },
  401: {
    description:
      "No credentials on a protected endpoint, or an invalid/expired token (on every endpoint).",
    schema: tokenErrorSchema,
    example: { detail: "Authentication credentials were not provided." },
    headers: { "WWW-Authenticate": { description: 'Bearer realm="api"' } },
  },
  403: {
    description:
      "Signed in but not allowed: staff only, a personal access token without the scope the " +
      "operation needs, or a token where only a session may act.",
    schema: detailErrorSchema,
    example: { detail: "You do not have permission to perform this action." },
  },
  404: {
    description: "Not found, or not yours.",
    schema: detailErrorSchema,
    example: { detail: "Not found." },
  },
  405: {
    description: "Method not allowed on a known path (with an `Allow` header).",
    schema: detailErrorSchema,
    example: { detail: 'Method "PATCH" not allowed.' },
    headers: { Allow: { description: "The methods the path accepts.", required: true } },
  },
  409: {
    description: "A request with this Idempotency-Key is still being processed.",
    schema: detailErrorSchema,
    example: {
      detail: "A request with this Idempotency-Key is still being processed; retry later.",
    },
  },
  412: {
    description: "If-Match does not match the resource's current ETag: nothing was changed.",
    schema: detailErrorSchema,
    example: {
      detail: "The resource has changed since you read it (If-Match does not match its ETag).",
    },
  },
  422: {
    description: "This Idempotency-Key was already used with a different request.",
    schema: detailErrorSchema,
    example: { detail: "This Idempotency-Key was already used with a different request." },
  },
  413: {
    description: "Request body too large.",
    schema: detailErrorSchema,
    example: { detail: "Request body too large." },
  },
  415: {
    description: "The body is not JSON (or a form).",
    schema: detailErrorSchema,
    example: { detail: 'Unsupported media type "text/plain" in request.' },
  },
  429: {
    description: "Throttled.",
    schema: detailErrorSchema,
    example: { detail: "Request was throttled. Expected available in 42 seconds." },
    headers: {
      "Retry-After": {
        description: "Seconds until a request may succeed.",
        required: true,
        schema: { type: "string", pattern: "^\\d+$" },
      },
    },
  },
  500: {
    description: "Unexpected error; the cause is logged with the request id.",
    schema: detailErrorSchema,
    example: { detail: "Internal server error." },
  },
  503: {
    description:
      "The AI provider is unavailable (after retries, on timeout or an open circuit): `{error}`. " +
      "Or the server is busy (`{detail}` with `Retry-After`): the password-hashing queue is full " +
      "(sign-ins go first), or a document job (export, import, the share page) passed its time " +
      "budget or found its queue full.",
    schema: z.union([aiErrorSchema, detailErrorSchema]),
    example: { error: AI_UNAVAILABLE_MESSAGE },
    headers: {
      "Retry-After": {
        description: "Seconds to wait before trying again (with a busy server's `{detail}`).",
        schema: { type: "string", pattern: "^\\d+$" },
      },
    },
  },
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;
