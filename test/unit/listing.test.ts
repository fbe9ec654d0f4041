import { describe, expect, it } from "vitest";
import { parseOrdering } from "../../src/features/job-applications/job-applications.listing";

describe("parseOrdering", () => {
  it("keeps each key once, at its first place and direction", () => {
    expect(parseOrdering("company_name,-created_at,-company_name,created_at,bogus")).toEqual([
      { key: "company_name", desc: false },
      { key: "created_at", desc: true },
    ]);
  });

  it("bounds the ORDER BY whatever the query's length", () => {
    const raw = Array.from({ length: 5000 }, (_, i) => (i % 2 ? "-date_applied" : "updated_at"));
    expect(parseOrdering(raw.join(","))).toEqual([
      { key: "updated_at", desc: false },
      { key: "date_applied", desc: true },
    ]);
  });
});
