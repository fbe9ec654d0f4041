import { zValidator } from "@hono/zod-validator";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "zod";
import { bodyText } from "./body";
import { ApiError, notFound } from "./errors";
import { inFieldOrder, toFieldErrors } from "./field-errors";
import { firstJsonChar, nonObjectBodyErrors } from "./json-body";
import type { CoreEnv } from "./types";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * A field check that needs the database (a unique name, a row a key points at, a model by name):
 * the message when the value is refused, else null. DRF runs these with each field's own
 * validators, so when other fields fail they are reported in the same 400; when every field
 * passes, the service makes the same check where it acts on it (often under a lock).
 */
export type FieldCheck<E extends CoreEnv = CoreEnv> = (
  c: Context<E>,
  value: unknown,
) => Promise<string | null>;
export type FieldChecks<E extends CoreEnv = CoreEnv> = Readonly<Record<string, FieldCheck<E>>>;

/** The checks of the fields whose own validation passed, merged into the zod errors. */
async function withFieldChecks<E extends CoreEnv>(
  c: Context<E>,
  schema: z.ZodType,
  value: unknown,
  errors: Record<string, string[]>,
  checks: FieldChecks<E>,
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

type HookResult = {
  success: boolean;
  data: unknown;
  error?: { issues: readonly z.core.$ZodIssue[] };
};

/**
 * DRF's answer to a failed parse: 400 with `{field: [messages]}` in its wording, and the field
 * checks' messages beside them (`data` is the value as sent).
 */
const drfHook =
  <E extends CoreEnv>(schema: z.ZodType, checks?: FieldChecks<E>) =>
  async (result: HookResult, c: Context<E>) => {
    if (result.success) return;
    const errors = toFieldErrors(result.error?.issues ?? []);
    const all = checks ? await withFieldChecks(c, schema, result.data, errors, checks) : errors;
    throw new ApiError(400, inFieldOrder(schema, all));
  };

type Values = Record<string, unknown>;

/** A repeated key counts once, with its last value (Django's QueryDict and form parsing). */
function lastValues(value: Values): Values {
  const out: Values = {};
  for (const key in value) {
    const v = value[key];
    out[key] = Array.isArray(v) ? v.at(-1) : v;
  }
  return out;
}

const lastValueOptions = {
  validationFunction: (schema: z.ZodType, value: Values) =>
    schema.safeParseAsync(lastValues(value)),
};

/** The query string through zod; the parsed value lands in `c.req.valid("query")`. */
export function validateQuery<E extends CoreEnv = CoreEnv>(
  schema: z.ZodType,
): MiddlewareHandler<E> {
  return zValidator("query", schema, drfHook<E>(schema), lastValueOptions);
}

/**
 * The path parameters through zod, synchronously (no validator layer: this runs on every detail
 * request); the parsed value lands in `c.req.valid("param")`. A parameter that fails is DRF's
 * 404, as a lookup of a key that cannot exist is there.
 */
export function validateParams<E extends CoreEnv = CoreEnv>(
  schema: z.ZodType<object>,
): MiddlewareHandler<E> {
  return (c, next) => {
    const parsed = schema.safeParse(c.req.param());
    if (!parsed.success) throw notFound();
    c.req.addValidatedData("param", parsed.data);
    return next();
  };
}

const parseError = (err: unknown) =>
  new ApiError(400, {
    detail: `JSON parse error - ${err instanceof SyntaxError ? err.message : "invalid JSON"}`,
  });

/** DRF's parse error for a body that did not parse (its reason from parsing it again). */
function jsonParseError(text: string): ApiError {
  try {
    JSON.parse(text);
  } catch (err) {
    return parseError(err);
  }
  return parseError(undefined);
}

/**
 * DRF's 400 for a JSON body that is not an object (null, a number, a string, a list), before
 * any schema runs on it: a schema's refinements read fields of the object they were given. Only
 * a body whose first character is not `{` is parsed here, so every body is parsed once.
 */
function refuseNonObject(text: string): void {
  if (text.length === 0 || firstJsonChar(text) === "{") return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw parseError(err);
  }
  const errors = nonObjectBodyErrors(value, text);
  if (errors) throw new ApiError(400, errors);
}

const unsupportedMedia = (raw: string) =>
  new ApiError(415, { detail: `Unsupported media type "${raw}" in request.` });

/** The request's Content-Type as sent, and its media type (lower case, no parameters). */
function contentType<E extends CoreEnv>(c: Context<E>): { raw: string; media: string } {
  const raw = c.req.header("content-type") ?? "";
  return { raw, media: raw.split(";")[0]?.trim().toLowerCase() ?? "" };
}

/**
 * Reads the body as DRF's JSON and form parsers would; anything else is 415. For the login
 * throttle, which must see the username exactly as the route will (routes validate through
 * `validateBody`, which reads the same way).
 */
export async function readBody<E extends CoreEnv>(c: Context<E>): Promise<unknown> {
  const { raw, media } = contentType(c);
  const text = await bodyText(c);
  if (text.length === 0) return {};
  if (JSON_TYPE.test(media)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw parseError(err);
    }
  }
  if (media === FORM_TYPE) return Object.fromEntries(new URLSearchParams(text));
  throw unsupportedMedia(raw);
}

/**
 * The body through zod, read as DRF's JSON and form parsers would: an empty body is `{}`, other
 * media types are 415, malformed JSON is DRF's parse error. The text comes from the entry's
 * reader (`bodyText`) and is handed to the validator through Hono's body cache, so the body is
 * read once; the parsed value lands in `c.req.valid("json")` (form bodies too).
 */
export function validateBody<E extends CoreEnv = CoreEnv>(
  schema: z.ZodType,
  checks?: FieldChecks<E>,
): MiddlewareHandler<E> {
  const hook = drfHook(schema, checks);
  const json: MiddlewareHandler<E> = zValidator("json", schema, hook);
  const form: MiddlewareHandler<E> = zValidator("form", schema, hook, lastValueOptions);
  return async (c, next) => {
    const { raw, media } = contentType(c);
    const text = await bodyText(c);
    // Hono's type says method, its code keeps the promise of each body form read.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text || "{}");
    if (text.length > 0 && media === FORM_TYPE) {
      return form(c, () => {
        const req = c.req as unknown as { valid(target: "form"): object };
        c.req.addValidatedData("json", req.valid("form"));
        return next();
      });
    }
    if (text.length > 0 && !JSON_TYPE.test(media)) {
      throw unsupportedMedia(raw);
    }
    refuseNonObject(text);
    let validated = false;
    try {
      return await json(c, () => {
        validated = true;
        return next();
      });
    } catch (err) {
      // Hono's own 400 for unparsable JSON, before the handler ran: DRF words it differently.
      if (validated || err instanceof ApiError || !(err instanceof HTTPException)) throw err;
      throw jsonParseError(text);
    }
  };
}
