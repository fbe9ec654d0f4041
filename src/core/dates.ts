/**
 * Dates as Django's `parse_date` reads them (DRF's DateField): `YYYY-MM-DD`, or with a one-digit
 * month or day (`2026-1-5`, matched by Django's `^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$`),
 * a real calendar date from year 1 (Python's date has no year 0), stored as `YYYY-MM-DD`.
 * Read character by character: no pattern runs on the value, so its length costs nothing more.
 */

const isDigits = (s: string, min: number, max: number): boolean => {
  if (s.length < min || s.length > max) return false;
  for (const ch of s) if (ch < "0" || ch > "9") return false;
  return true;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysIn = (year: number, month: number): number =>
  month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The date as `YYYY-MM-DD`, or null when Django would refuse it. */
export function parseDjangoDate(value: string): string | null {
  // Ten characters is the longest form; anything longer is refused before it is split.
  if (value.length > 10) return null;
  const parts = value.split("-");
  if (parts.length !== 3) return null;
  const [y = "", m = "", d = ""] = parts;
  if (!isDigits(y, 4, 4) || !isDigits(m, 1, 2) || !isDigits(d, 1, 2)) return null;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Year 1 to 9999, four digits (no year 0). */
const YEAR = "(?:[1-9]\\d{3}|0[1-9]\\d{2}|00[1-9]\\d|000[1-9])";
/** Leap years among them: divisible by 4, not by 100 unless by 400. */
const LEAP = "(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)";
/** The one-digit forms, each a real date: the day any month has, or a day the month has. */
const SHORT_FORMS = [
  `${YEAR}-(?:[1-9]|0[1-9]|1[0-2])-[1-9]`,
  `${YEAR}-[1-9]-(?:0[1-9]|1\\d|2[0-8])`,
  `${YEAR}-[13-9]-(?:29|30)`,
  `${YEAR}-[13578]-31`,
  `${LEAP}-2-29`,
];

/**
 * The same rule in JSON Schema for the OpenAPI document: RFC 3339's full-date (`format: date`
 * checks the calendar) from year 1, or one of the one-digit forms spelled out month by month.
 */
export const DATE_JSON_SCHEMA = {
  description:
    "A date, `YYYY-MM-DD`; as Django reads it, a one-digit month or day is accepted (`2026-1-5` is stored as `2026-01-05`).",
  anyOf: [
    { type: "string", format: "date", pattern: `^${YEAR}-\\d{2}-\\d{2}$` },
    { type: "string", pattern: `^(?:${SHORT_FORMS.join("|")})$` },
  ],
} as const;
