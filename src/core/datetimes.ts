import * as z from "zod";
import { parseDjangoDate } from "./dates";
import type { Timestamp } from "./timestamps";

/**
 * Datetimes as DRF's DateTimeField reads them (Django's `parse_datetime`): `YYYY-MM-DD`, `T` or
 * a space, `hh:mm`, optional `:ss` and a fraction (`.` or `,`, up to 6 digits kept), then `Z`,
 * `+HH`, `+HHMM` or `+HH:MM`; without an offset the time is UTC (TIME_ZONE = "UTC"). A plain
 * `YYYY-MM-DD` is its midnight (Python's `fromisoformat`, which Django tries first). Read
 * character by character with the length capped first: no pattern runs on the value.
 */

export const DATETIME_MESSAGE =
  "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

/** Longer than any accepted spelling (12 fraction digits, spaces before the offset). */
const MAX_LENGTH = 48;
/** 0001-01-01 and 9999-12-31 in seconds (Date.UTC reads years 0-99 as 19xx: set on its own). */
const MIN_SECONDS = new Date(0).setUTCFullYear(1, 0, 1) / 1000;
const MAX_SECONDS = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= "0" && ch <= "9";

/** The number of `min` to `max` digits at `at`, and where they end; null if fewer. */
const digitsAt = (s: string, at: number, min: number, max: number): [number, number] | null => {
  let end = at;
  while (end - at < max && isDigit(s[end])) end++;
  return end - at < min ? null : [Number(s.slice(at, end)), end];
};

/** `Z`, `+HH`, `+HHMM`, `+HH:MM` (after optional spaces) as minutes east of UTC; null if bad. */
function offsetMinutes(rest: string): number | null {
  const s = rest.trimStart();
  if (s === "") return 0;
  if (s === "Z") return 0;
  const sign = s[0] === "+" ? 1 : s[0] === "-" ? -1 : 0;
  if (sign === 0) return null;
  const body = s.slice(1).replace(":", "");
  if (!(body.length === 2 || body.length === 4) || ![...body].every(isDigit)) return null;
  const hours = Number(body.slice(0, 2));
  const minutes = Number(body.slice(2) || "0");
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** The time part after the date: `hh:mm[:ss[.f]]` and the offset; null if bad. */
function timeOfDay(s: string): { seconds: number; fraction: number; offset: number } | null {
  const h = digitsAt(s, 0, 1, 2);
  if (!h || s[h[1]] !== ":") return null;
  const m = digitsAt(s, h[1] + 1, 1, 2);
  if (!m) return null;
  let at = m[1];
  let seconds = 0;
  let fraction = 0;
  if (s[at] === ":") {
    const sec = digitsAt(s, at + 1, 1, 2);
    if (!sec) return null;
    [seconds, at] = sec;
    if (s[at] === "." || s[at] === ",") {
      const f = digitsAt(s, at + 1, 1, 12);
      if (!f) return null;
      fraction = Number(s.slice(at + 1, Math.min(f[1], at + 7)).padEnd(6, "0"));
      at = f[1];
    }
  }
  const offset = offsetMinutes(s.slice(at));
  if (offset === null || h[0] > 23 || m[0] > 59 || seconds > 59) return null;
  return { seconds: (h[0] * 60 + m[0]) * 60 + seconds, fraction, offset };
}

/** DRF's string of an instant: whole seconds since the epoch and microseconds. */
function formatInstant(seconds: number, fraction: number): Timestamp {
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  return fraction === 0 ? `${whole}Z` : `${whole}.${String(fraction).padStart(6, "0")}Z`;
}

/** The instant as DRF answers it (`2026-01-15T10:30:00Z`), or null where Django refuses it. */
export function parseDjangoDateTime(value: string): Timestamp | null {
  if (value.length > MAX_LENGTH) return null;
  // Python's fromisoformat, which Django tries first, reads a plain date as its midnight.
  if (value.length === 10 && value[4] === "-" && value[7] === "-") value = `${value}T00:00`;
  const sep = value.search(/[T ]/);
  if (sep < 8 || sep > 10) return null;
  const date = parseDjangoDate(value.slice(0, sep));
  const time = date === null ? null : timeOfDay(value.slice(sep + 1));
  if (date === null || time === null) return null;
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  const seconds = day.getTime() / 1000 + time.seconds - time.offset * 60;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return null;
  return formatInstant(seconds, time.fraction);
}

/** Milliseconds since the epoch of a timestamp this module or the database wrote. */
export const timestampMillis = (t: Timestamp): number => Date.parse(t);

const DATETIME_JSON_SCHEMA = {
  type: "string",
  format: "date-time",
  maxLength: MAX_LENGTH,
  description: "ISO 8601; without an offset the time is UTC. Answered in UTC with `Z`.",
} as const;

const typeError = (iss: { input?: unknown }) =>
  iss.input === undefined
    ? "This field is required."
    : iss.input === null
      ? "This field may not be null."
      : DATETIME_MESSAGE;

/** DRF DateTimeField: the value given on as DRF's UTC string. */
export function dateTimeField() {
  return z
    .string({ error: typeError })
    .transform((v, ctx) => {
      const at = parseDjangoDateTime(v.trim());
      if (at === null) ctx.addIssue({ code: "custom", message: DATETIME_MESSAGE });
      return at ?? z.NEVER;
    })
    .meta({ jsonSchema: DATETIME_JSON_SCHEMA });
}

/**
 * A datetime in a query string (django-filter's IsoDateTimeFilter): an empty value is no filter,
 * a bad one "Enter a valid date/time.".
 */
export function dateTimeQueryField() {
  return z
    .string()
    .transform((v, ctx): Timestamp | undefined => {
      if (v.trim() === "") return undefined;
      const at = parseDjangoDateTime(v.trim());
      if (at === null) ctx.addIssue({ code: "custom", message: "Enter a valid date/time." });
      return at ?? z.NEVER;
    })
    .meta({ jsonSchema: DATETIME_JSON_SCHEMA })
    .optional();
}
