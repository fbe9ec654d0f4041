import type { Clock } from "./clock";

/**
 * Timestamps as DRF writes Django's datetimes: ISO 8601 in UTC with `Z`, microseconds as stored
 * (Python's isoformat: six digits, none at all when they are zero). Django's tables keep
 * microseconds, and a JavaScript Date does not, so these values stay strings from the driver to
 * the JSON: what the database holds is what the API answers, exactly.
 */
export type Timestamp = string;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Microseconds since the epoch: the clock's own where it has them, else its milliseconds. */
export function nowMicros(clock: Clock): number {
  return clock.nowMicros ? clock.nowMicros() : clock.now() * 1000;
}

/** A timestamp from microseconds since the epoch (a safe integer until the year 2255). */
export function timestampFromMicros(micros: number): Timestamp {
  const ms = Math.floor(micros / 1000);
  const fraction = (ms % 1000) * 1000 + (micros - ms * 1000);
  const seconds = new Date(ms).toISOString().slice(0, 19);
  return fraction === 0 ? `${seconds}Z` : `${seconds}.${pad(fraction, 6)}Z`;
}

/** Now, as a row we write stores it (Django stores `timezone.now()`, microseconds included). */
export const timestampNow = (clock: Clock): Timestamp => timestampFromMicros(nowMicros(clock));

/** `.3364` -> `.336400`; `.000000` and `` -> `` (Python's isoformat drops zero microseconds). */
function micros(fraction: string): string {
  if (fraction === "") return "";
  const six = `${fraction.slice(1)}000000`.slice(0, 6);
  return six === "000000" ? "" : `.${six}`;
}

const OFFSET = /([+-])(\d{2}):?(\d{2})?:?(\d{2})?$/;

/**
 * PostgreSQL's text of a `timestamptz` (`2026-01-15 10:30:00.3364+00`, in the session's time
 * zone; trailing zeros of the fraction dropped) as DRF's string. The common UTC case is sliced,
 * not parsed: list responses format two per row.
 */
export function drfTimestamp(text: string): Timestamp {
  const zulu = text.endsWith("+00") ? text.length - 3 : text.endsWith("Z") ? text.length - 1 : -1;
  if (zulu > 0) {
    return `${text.slice(0, 10)}T${text.slice(11, 19)}${micros(text.slice(19, zulu))}Z`;
  }
  const offset = OFFSET.exec(text);
  if (!offset || offset.index < 19) throw new RangeError(`not a timestamptz: ${text}`);
  const sign = offset[1] === "-" ? -1 : 1;
  const shift = Number(offset[2]) * 3600 + Number(offset[3] ?? 0) * 60 + Number(offset[4] ?? 0);
  const local = Date.parse(`${text.slice(0, 10)}T${text.slice(11, 19)}Z`);
  const utc = new Date(local - sign * shift * 1000).toISOString().slice(0, 19);
  return `${utc}${micros(text.slice(19, offset.index))}Z`;
}
