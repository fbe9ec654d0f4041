import type { MiddlewareHandler } from "hono";
import type { z } from "zod";
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

/** Reads the body as DRF's JSON and form parsers would; anything else is 415. */
async function readBody(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<unknown> {
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
 * The one validation wrapper. Hono's built-in json validator answers 400 for a wrong content
 * type and has its own messages, so the body is read here to give DRF's 415 and parse errors;
 * the parsed value then goes through zod and lands in `c.req.valid(target)`.
 */
export function validate<T extends z.ZodType, Tg extends Target = "json">(
  schema: T,
  target: Tg = "json" as Tg,
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
    if (!result.success) throw new ApiError(400, toFieldErrors(result.error.issues));
    c.req.addValidatedData(target, result.data as object);
    await next();
  };
}
