import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { reportError } from "./error-reporter";
import type { CoreEnv } from "./types";

/** DRF-style error bodies: `{detail}` or `{field: [messages]}`. */
export type ErrorBody = Record<string, unknown>;

/** The one error type handlers throw; `onError` writes its body and headers as they are. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message: typeof body.detail === "string" ? body.detail : "API error" });
  }
}

export const notFound = () => new ApiError(404, { detail: "Not found." });
export const forbidden = () =>
  new ApiError(403, { detail: "You do not have permission to perform this action." });
export const notAuthenticated = () =>
  new ApiError(
    401,
    { detail: "Authentication credentials were not provided." },
    { "WWW-Authenticate": 'Bearer realm="api"' },
  );
export const invalidToken = (message = "Token is invalid or expired") =>
  new ApiError(
    401,
    {
      detail: "Given token not valid for any token type",
      code: "token_not_valid",
      messages: [{ token_class: "AccessToken", token_type: "access", message }],
    },
    { "WWW-Authenticate": 'Bearer realm="api"' },
  );
/** simplejwt's body for a bad token sent in a request body (refresh/verify). */
export const invalidBodyToken = (message = "Token is invalid or expired") =>
  new ApiError(401, { detail: message, code: "token_not_valid" });
export const validationError = (errors: Record<string, string[]>) => new ApiError(400, errors);
export const fieldError = (field: string, message: string) =>
  new ApiError(400, { [field]: [message] });
export const methodNotAllowed = (method: string) =>
  new ApiError(405, { detail: `Method "${method}" not allowed.` });
export const throttled = (seconds: number) =>
  new ApiError(
    429,
    // DRF's ngettext: "1 second", "N seconds".
    {
      detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? "" : "s"}.`,
    },
    { "Retry-After": String(seconds) },
  );
/**
 * DRF's ServiceUnavailable (its default detail): work refused for now, e.g. a full queue or a job
 * past its time budget, answered at once instead of after a long wait; `Retry-After` in seconds.
 */
export const serviceUnavailable = (seconds: number) =>
  new ApiError(
    503,
    { detail: "Service temporarily unavailable, try again later." },
    { "Retry-After": String(seconds) },
  );
/** The body's message when generation cannot run (JSON 503 and the SSE error event). */
export const AI_UNAVAILABLE_MESSAGE = "AI service unavailable. Please try again later.";
export const aiUnavailable = () => new ApiError(503, { error: AI_UNAVAILABLE_MESSAGE });

/** Turns any thrown value into a response; unexpected errors are logged, never echoed. */
export function handleError<E extends CoreEnv>(err: Error, c: Context<E>): Response {
  if (err instanceof ApiError) {
    return c.json(err.body, err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    // Hono's own exceptions (e.g. body limit) carry plain text; map to DRF bodies.
    if (err.status === 413) return c.json({ detail: "Request body too large." }, 413);
    return c.json({ detail: err.message || "Error." }, err.status);
  }
  const described = describeError(err);
  c.get("logger")?.error("unhandled error", described);
  if (typeof described.code === "string" && /^[0-9A-Z]{5}$/.test(described.code)) {
    c.env?.deps?.metrics?.dbError(described.code.slice(0, 2));
  }
  reportError(c, err, 500);
  return c.json({ detail: "Internal server error." }, 500);
}

/**
 * What of an unexpected error may be logged: names, database error codes and stack frames. Not
 * the message: a failed query's message carries its SQL parameters (hashes, user text).
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: typeof err };
  const cause = err.cause as { name?: unknown; code?: unknown } | undefined;
  const code = (err as { code?: unknown }).code ?? cause?.code;
  return {
    error: err.name,
    code: typeof code === "string" ? code : undefined,
    cause: typeof cause?.name === "string" ? cause.name : undefined,
    stack: err.stack
      ?.split("\n")
      .filter((l) => l.trimStart().startsWith("at "))
      .slice(0, 12)
      .join("\n"),
  };
}
