import { describe, expect, it } from "vitest";
import {
  columnFields,
  csvLine,
  readCsv,
  safeCell,
  unescapeCell,
} from "../../src/features/job-applications/csv/csv.format";

describe("CSV cells", () => {
  it("prefixes what a spreadsheet would run, and the import takes the prefix off", () => {
    for (const v of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) {
      expect(safeCell(v)).toBe(`'${v}`);
      expect(unescapeCell(safeCell(v))).toBe(v);
    }
    expect(safeCell("plain")).toBe("plain");
    expect(unescapeCell("'quoted")).toBe("'quoted");
  });

  it("round-trips a value that already starts with quotes before a formula character", () => {
    // "'=x" written as is would be read back as "=x": the export guards it with one more quote.
    for (const v of ["'=x", "''-1", "'''@a", "'\tx", "'", "''", "'plain", "''plain", "=", ""]) {
      expect(unescapeCell(safeCell(v))).toBe(v);
    }
    expect(safeCell("'=x")).toBe("''=x");
    expect(safeCell("'plain")).toBe("'plain");
    // A cell written by hand with the guard loses one quote, as before.
    expect(unescapeCell("'=x")).toBe("=x");
    expect(unescapeCell("''=x")).toBe("'=x");
    expect(unescapeCell("''x")).toBe("''x");
  });

  it("quotes as RFC 4180 and reads back through the parser", async () => {
    const line = csvLine(["a,b", 'say "hi"', "two\nlines", null, "=x"]);
    expect(line).toBe('"a,b","say ""hi""","two\nlines",,\'=x\r\n');
    const { header } = await readCsv(line);
    expect(header).toEqual(["a,b", 'say "hi"', "two\nlines", "", "'=x"]);
  });

  it("maps headers without regard to case, spaces and underscores; the first of a field wins", () => {
    expect(
      columnFields(["JOB TITLE", "Company_Name", "stage", "Title", "Applied", "other"]),
    ).toEqual(["job_title", "company_name", "status", null, "date_applied", null]);
  });
});
