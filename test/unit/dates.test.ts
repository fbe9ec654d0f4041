import { describe, expect, it } from "vitest";
import { DATE_JSON_SCHEMA, parseDjangoDate } from "../../src/core/dates";

/** Django's parse_date regex, the reference the parser and the document must agree with. */
const DJANGO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function reference(value: string): string | null {
  const m = DJANGO.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  const ok = y >= 1 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return ok ? `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}` : null;
}

describe("parseDjangoDate", () => {
  it("agrees with Django's rule on every month/day spelling over leap and common years", () => {
    const oneDigitForms = new RegExp(DATE_JSON_SCHEMA.anyOf[1].pattern);
    const mismatches: string[] = [];
    for (const year of ["0000", "0001", "1900", "2000", "2023", "2024", "9999"]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          for (const m of [String(month), String(month).padStart(2, "0")]) {
            for (const d of [String(day), String(day).padStart(2, "0")]) {
              const value = `${year}-${m}-${d}`;
              const expected = reference(value);
              if (parseDjangoDate(value) !== expected) mismatches.push(`parser ${value}`);
              // The document's one-digit branch admits exactly the valid one-digit spellings.
              const short = m.length === 1 || d.length === 1;
              if (short && oneDigitForms.test(value) !== (expected !== null)) {
                mismatches.push(`document ${value}`);
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("refuses other shapes, and a long value before looking at it", () => {
    for (const value of [
      "2026-001-05",
      "26-1-5",
      "2026/1/5",
      "2026-1-5\n",
      "２０２６-1-5",
      "",
      "-",
    ]) {
      expect(parseDjangoDate(value), value).toBeNull();
    }
    expect(parseDjangoDate(`2026-1-5${"-".repeat(1_000_000)}`)).toBeNull();
  });
});
