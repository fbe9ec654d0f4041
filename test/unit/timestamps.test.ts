import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/core/clock";
import {
  drfTimestamp,
  nowMicros,
  timestampFromMicros,
  timestampNow,
} from "../../src/core/timestamps";

describe("drfTimestamp (PostgreSQL's timestamptz text -> DRF's string)", () => {
  it("keeps the microseconds PostgreSQL holds, padded to six digits", () => {
    expect(drfTimestamp("2026-11-30 19:28:21.336455+00")).toBe("2026-11-30T19:28:21.336455Z");
    expect(drfTimestamp("2026-11-30 19:35:35.3635+00")).toBe("2026-11-30T19:35:35.363500Z");
    expect(drfTimestamp("2026-11-30 19:35:35.000001+00")).toBe("2026-11-30T19:35:35.000001Z");
  });

  it("writes no fraction for whole seconds, as Python's isoformat", () => {
    expect(drfTimestamp("2024-05-03 10:00:00+00")).toBe("2024-05-03T10:00:00Z");
    expect(drfTimestamp("2024-05-03T10:00:00.000000Z")).toBe("2024-05-03T10:00:00Z");
  });

  it("converts a session time zone other than UTC", () => {
    expect(drfTimestamp("2026-01-01 01:30:00.5+02")).toBe("2025-12-31T23:30:00.500000Z");
    expect(drfTimestamp("2026-01-01 01:30:00.25-03:30")).toBe("2026-01-01T05:00:00.250000Z");
    expect(drfTimestamp("1900-01-01 00:00:00+00:09:21")).toBe("1899-12-31T23:50:39Z");
  });

  it("refuses text that is not a timestamptz", () => {
    expect(() => drfTimestamp("yesterday")).toThrow(RangeError);
  });
});

describe("timestamps we write", () => {
  it("carry the clock's microseconds", () => {
    expect(timestampFromMicros(1_796_067_335_123_456)).toBe("2026-11-30T19:35:35.123456Z");
    expect(timestampFromMicros(1_796_067_335_000_000)).toBe("2026-11-30T19:35:35Z");
    expect(timestampFromMicros(1_796_067_335_000_007)).toBe("2026-11-30T19:35:35.000007Z");
  });

  it("use milliseconds from a clock without microseconds", () => {
    const clock = { now: () => 1_796_067_335_123 };
    expect(nowMicros(clock)).toBe(1_796_067_335_123_000);
    expect(timestampNow(clock)).toBe("2026-11-30T19:35:35.123000Z");
  });

  it("round-trip through the format PostgreSQL answers", () => {
    const written = timestampFromMicros(1_796_067_335_010_200);
    expect(drfTimestamp("2026-11-30 19:35:35.0102+00")).toBe(written);
  });
});

describe("the system clock", () => {
  it("has microseconds on Node, inside Date.now()'s millisecond, never decreasing", () => {
    let last = 0;
    for (let i = 0; i < 20_000; i++) {
      const before = Date.now();
      const micros = systemClock.nowMicros?.() ?? 0;
      const after = Date.now();
      expect(Number.isSafeInteger(micros)).toBe(true);
      // Never ahead of the wall clock: an event written now is due for a reader of Date.now().
      expect(micros).toBeGreaterThanOrEqual(before * 1000);
      expect(micros).toBeLessThan((after + 1) * 1000);
      expect(micros).toBeGreaterThanOrEqual(last);
      last = micros;
    }
  });
});
