import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { bodyText } from "./body";
import { ApiError } from "./errors";
import type { AppEnv } from "./types";

/** zod issues → DRF's `{field: [messages]}`; issues on the object itself → non_field_errors. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const head = issue.path[0];
    const key = head === undefined ? "non_field_errors" : String(head);
    const message =
      head === undefined && issue.code === "invalid_type"
        ? "Invalid data. Expected a dictionary, but got list."
        : issue.message;
    const list = out[key] ?? [];
    if (!list.includes(message)) list.push(message);
    out[key] = list;
  }
  return out;
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads the body as DRF's JSON and form parsers would; anything else is 415. Exported for the
 * login throttle, which must see the username exactly as the route will.
 */
export async function readBody(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<unknown> {
  const raw = c.req.header("content-type") ?? "";
  const media = raw.split(";")[0]?.trim().toLowerCase() ?? "";
  const text = await bodyText(c);
  if (text.length === 0) return {};
  if (JSON_TYPE.test(media)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      const reason = err instanceof SyntaxError ? err.message : "invalid JSON";
      throw new ApiError(400, { detail: `JSON parse error - ${reason}` });
    }
  }
  if (media === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(text));
  }
  throw new ApiError(415, { detail: `Unsupported media type "${raw}" in request.` });
}

type Target = "json" | "query";

/**
 * A field check that needs the database (a unique name, a row a key points at, a model by name):
 * the message when the value is refused, else null. DRF runs these with each field's own
 * validators, so when other fields fail they are reported in the same 400; when every field
 * passes, the service makes the same check where it acts on it (often under a lock).
 */
export type FieldCheck = (c: Context<AppEnv>, value: unknown) => Promise<string | null>;

/** The checks of the fields whose own validation passed, merged into the zod errors. */
async function withFieldChecks(
  c: Context<AppEnv>,
  schema: z.ZodType,
  value: unknown,
  errors: Record<string, string[]>,
  checks: Readonly<Record<string, FieldCheck>>,
): Promise<Record<string, string[]>> {
  if (!(schema instanceof z.ZodObject) || typeof value !== "object" || value === null)
    return errors;
  const raw = value as Record<string, unknown>;
  const found = await Promise.all(
    Object.entries(checks).map(async ([key, check]) => {
      const field = schema.shape[key] as z.ZodType | undefined;
      if (errors[key] || !field || raw[key] === undefined) return null;
      const parsed = await field.safeParseAsync(raw[key]);
      const message = parsed.success ? await check(c, parsed.data) : null;
      return message ? ([key, [message]] as [string, string[]]) : null;
    }),
  );
  const more = found.filter((f) => f !== null);
  return more.length === 0 ? errors : { ...errors, ...Object.fromEntries(more) };
}

/**
 * The one validation wrapper. Hono's built-in json validator answers 400 for a wrong content
 * type and has its own messages, so the body is read here to give DRF's 415 and parse errors;
 * the parsed value then goes through zod and lands in `c.req.valid(target)`.
 */
export function validate<T extends z.ZodType, Tg extends Target = "json">(
  schema: T,
  target: Tg = "json" as Tg,
  checks?: Readonly<Record<string, FieldCheck>>,
): MiddlewareHandler<
  AppEnv,
  string,
  { in: { [K in Tg]: z.input<T> }; out: { [K in Tg]: z.output<T> } }
> {
  return async (c, next) => {
    const value =
      target === "json"
        ? await readBody(c)
        : Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.at(-1)]));
    const result = await schema.safeParseAsync(value);
    if (!result.success) {
      const errors = toFieldErrors(result.error.issues);
      throw new ApiError(
        400,
        checks ? await withFieldChecks(c, schema, value, errors, checks) : errors,
      );
    }
    c.req.addValidatedData(target, result.data as object);
    await next();
  };
}
