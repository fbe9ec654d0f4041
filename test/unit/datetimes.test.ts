import { describe, expect, it } from "vitest";
import { parseDjangoDateTime } from "../../src/core/datetimes";

describe("parseDjangoDateTime (DRF's DateTimeField input)", () => {
  it("reads Django's forms and answers DRF's UTC string", () => {
    const cases: [string, string][] = [
      ["2026-01-15T10:30:00Z", "2026-01-15T10:30:00Z"],
      ["2026-01-15T10:30Z", "2026-01-15T10:30:00Z"],
      ["2026-1-5 9:05", "2026-01-05T09:05:00Z"],
      ["2026-01-15", "2026-01-15T00:00:00Z"],
      ["2026-01-15T10:30:00.123+02:00", "2026-01-15T08:30:00.123000Z"],
      ["2026-01-15T10:30:00,1234567-0130", "2026-01-15T12:00:00.123456Z"],
      ["2026-01-15T10:30:00 +05", "2026-01-15T05:30:00Z"],
      ["2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"],
      ["1960-01-01T00:00:00.5Z", "1960-01-01T00:00:00.500000Z"],
      ["0001-01-01T00:00Z", "0001-01-01T00:00:00Z"],
      ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"],
      ["2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"],
    ];
    for (const [input, out] of cases)
      expect([input, parseDjangoDateTime(input)]).toEqual([input, out]);
  });

  it("refuses what Django refuses, and anything long, without a pattern", () => {
    const bad = [
      "",
      "tomorrow",
      "2026-02-30T10:00:00Z",
      "2025-02-29T10:00:00Z",
      "2026-01-15T24:00",
      "2026-01-15T10:60",
      "2026-01-15T10:30:61",
      "2026-01-15T10:30:00+2",
      "2026-01-15T10:30:00+24:00",
      "2026-01-15T10:30:00.Z",
      "2026-01-15T10:30:00Zjunk",
      "2026-01-15X10:30",
      "0001-01-01T00:00+01:00",
      "26-01-15T10:30",
      `2026-01-15T10:30:00${"0".repeat(100)}`,
      `2026-01-15T10:30:00.${"1".repeat(13)}`,
    ];
    for (const input of bad) expect([input, parseDjangoDateTime(input)]).toEqual([input, null]);
  });
});
