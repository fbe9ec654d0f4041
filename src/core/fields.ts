import * as z from "zod";
import { DATE_JSON_SCHEMA, parseDjangoDate } from "./dates";
import { integerRangeJsonSchema } from "./integer-range";

/**
 * Zod builders that behave like DRF's serializer fields and speak their messages, so the
 * validation hook only has to collect `issue.message` per field.
 */

export const MSG = {
  required: "This field is required.",
  null: "This field may not be null.",
  blank: "This field may not be blank.",
  string: "Not a valid string.",
  integer: "A valid integer is required.",
  boolean: "Must be a valid boolean.",
  email: "Enter a valid email address.",
  date: "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
  nul: "Null characters are not allowed.",
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
  minLength: (n: number) => `Ensure this field has at least ${n} characters.`,
  choice: (v: unknown) => `"${String(v)}" is not a valid choice.`,
} as const;

const typeError = (expected: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? MSG.required : iss.input === null ? MSG.null : expected;

/** DRF turns numbers into strings for CharField; booleans and objects are "Not a valid string." */
const coerceToString = (v: unknown) =>
  typeof v === "number" && Number.isFinite(v) ? String(v) : v;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

function firstSurrogate(s: string): string | undefined {
  const m = s.match(LONE_SURROGATE);
  return m ? `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase()}` : undefined;
}

/**
 * The text with each lone surrogate replaced by U+FFFD (ES2024's `toWellFormed`), for code that
 * must encode text the validators have not refused yet: `encodeURIComponent` and `TextEncoder`
 * throw or rewrite on a lone surrogate.
 */
export const wellFormed = (s: string): string => s.replace(LONE_SURROGATES, "\uFFFD");

/**
 * `s` cut to `max` characters as PostgreSQL's varchar counts them (code points), so an emoji is
 * never split into half a surrogate pair; a string within `max` UTF-16 units is returned as is.
 */
export const clipChars = (s: string, max: number): string =>
  s.length <= max ? s : Array.from(s).slice(0, max).join("");

const surrogateMessage = (code: string) => `Surrogate characters are not allowed: ${code}.`;

export interface CharOptions {
  max?: number;
  min?: number;
  allowBlank?: boolean;
  /** DRF trims surrounding white space by default. */
  trim?: boolean;
}

/** A value's first lone surrogate refused with DRF's message (CharField and its subclasses). */
const noLoneSurrogates = () =>
  z.superRefine((v: string, ctx) => {
    const bad = firstSurrogate(v);
    if (bad) ctx.addIssue({ code: "custom", message: surrogateMessage(bad) });
  });

/**
 * DRF CharField: string, trimmed, no NUL, no lone surrogates, length limits, blank rule. The
 * checks go on in one `.check()`: each chained `.trim()`, `.min()`, `.refine()` copies the whole
 * schema, and the features build a few hundred of these when their modules load (a cold Worker
 * isolate's start-up, BENCHMARKS.md #32); the checks and their order are the same.
 */
export function charField(opts: CharOptions = {}) {
  const checks: z.core.$ZodCheck<string>[] = [];
  if (opts.trim !== false) checks.push(z.trim());
  if (!opts.allowBlank) checks.push(z.minLength(1, { error: MSG.blank }));
  if (opts.min !== undefined)
    checks.push(z.minLength(opts.min, { error: MSG.minLength(opts.min) }));
  if (opts.max !== undefined)
    checks.push(z.maxLength(opts.max, { error: MSG.maxLength(opts.max) }));
  checks.push(z.refine((v: string) => !v.includes("\u0000"), { error: MSG.nul }));
  checks.push(noLoneSurrogates());
  return z.preprocess(coerceToString, z.string({ error: typeError(MSG.string) }).check(...checks));
}

/**
 * Something, "@", then a domain with a dot neither first nor last: `x@y.z`. Written so that no
 * two quantifiers can trade characters (the first dot of the domain ends `[^\s@.]*`): linear.
 */
const EMAIL = /^[^\s@]+@[^\s@][^\s@.]*\.[^\s@]+$/;
/** Django's EmailValidator refuses a value over 320 characters before any pattern runs. */
const EMAIL_PATTERN_MAX = 320;

const isEmailAddress = (v: string) =>
  v.length <= EMAIL_PATTERN_MAX && !v.includes("\u0000") && EMAIL.test(v);

/**
 * DRF EmailField (a CharField: lone surrogates are refused with CharField's message). Zod runs
 * every check even after `.max()` failed, so the pattern itself is guarded by a length check: an
 * over-long value gets DRF's two messages without the pattern ever seeing it.
 */
export function emailField(opts: { max?: number } = {}) {
  const max = opts.max ?? 254;
  return z
    .string({ error: typeError(MSG.string) })
    .check(
      z.trim(),
      z.minLength(1, { error: MSG.blank }),
      z.maxLength(max, { error: MSG.maxLength(max) }),
      noLoneSurrogates(),
      z.refine(isEmailAddress, { error: MSG.email }),
    );
}

/** DRF IntegerField / PrimaryKeyRelatedField input: integers or integer strings. */
export function integerField() {
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: typeError(MSG.integer) })
      .int({ error: MSG.integer })
      .safe({ error: MSG.integer }),
  );
}

/**
 * DRF IntegerField(min_value, max_value) with its messages; the document shows the bounds on
 * the number and on its digits as a string (`.refine` is invisible to the JSON Schema converter).
 */
export function boundedIntegerField(min: 0 | 1, max: number) {
  return integerField()
    .check(
      z.refine((n: number) => n >= min, {
        error: `Ensure this value is greater than or equal to ${min}.`,
      }),
      z.refine((n: number) => n <= max, {
        error: `Ensure this value is less than or equal to ${max}.`,
      }),
    )
    .meta({ jsonSchema: integerRangeJsonSchema(min, max) });
}

/**
 * DRF DateField: a real calendar date as Django's `parse_date` reads it (`2026-1-5` too), given
 * on as `YYYY-MM-DD`.
 */
export function dateField() {
  return z
    .string({ error: typeError(MSG.date) })
    .transform((v, ctx) => {
      const date = parseDjangoDate(v);
      if (date === null) ctx.addIssue({ code: "custom", message: MSG.date });
      return date ?? z.NEVER;
    })
    .meta({ jsonSchema: DATE_JSON_SCHEMA });
}

/** DRF ChoiceField. */
export function choiceField<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.enum(choices, {
    error: (iss) =>
      iss.input === undefined
        ? MSG.required
        : iss.input === null
          ? MSG.null
          : MSG.choice(iss.input),
  });
}

/** DRF BooleanField (accepts the same spellings). */
export function booleanField() {
  const truthy = ["true", "True", "1", "yes", "on", "y", "t"];
  const falsy = ["false", "False", "0", "no", "off", "n", "f"];
  return z.preprocess(
    (v) =>
      typeof v === "string"
        ? truthy.includes(v)
          ? true
          : falsy.includes(v)
            ? false
            : v
        : v === 1
          ? true
          : v === 0
            ? false
            : v,
    z.boolean({ error: typeError(MSG.boolean) }),
  );
}
