import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { foldLine, renderCalendar } from "../../src/features/calendar/calendar.ics";

const octets = (s: string) => new TextEncoder().encode(s).length;

describe("foldLine (RFC 5545 3.1)", () => {
  it("keeps every line within 75 octets and never cuts a character", () => {
    const lines = [
      `DESCRIPTION:${"a".repeat(300)}`,
      `SUMMARY:${"é".repeat(100)}`,
      `SUMMARY:${"€".repeat(100)}`,
      `SUMMARY:${"😀".repeat(60)}x`,
      `LOCATION:${"ab€😀".repeat(40)}`,
    ];
    for (const line of lines) {
      const folded = foldLine(line).split("\r\n");
      for (const [i, part] of folded.entries()) {
        expect(octets(part)).toBeLessThanOrEqual(75);
        if (i > 0) expect(part.startsWith(" ")).toBe(true);
        expect(part).not.toContain("\uFFFD");
      }
      // Unfolding (drop CRLF + one space) gives the line back.
      expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
      expect(folded.length).toBeGreaterThan(1);
    }
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  });
});

describe("renderCalendar", () => {
  it("writes text an independent parser reads back, long and non-ASCII text included", async () => {
    const notes = `Zürich, 3rd floor; ask for "Dana" \\ bring ID\n${"ß€😀".repeat(400)}`;
    const text = await renderCalendar([
      {
        uid: "interview-1@resumate",
        start: new Date("2026-03-10T14:30:00Z"),
        end: new Date("2026-03-10T15:15:00Z"),
        stamp: new Date("2026-03-01T12:00:00Z"),
        summary: "Video interview: Backend engineer at Acme, Inc.",
        description: notes,
        location: "Zürich",
        cancelled: true,
        alarmBefore: 3600,
      },
    ]);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    for (const line of text.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent");
    expect(vevent?.getFirstPropertyValue("description")).toBe(notes);
    expect(vevent?.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(vevent?.getFirstPropertyValue("location")).toBe("Zürich");
  });
});
