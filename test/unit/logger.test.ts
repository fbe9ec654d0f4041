import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/logger";

describe("the JSON logger's children", () => {
  it("write the parent's fields, then their own, then the line's (later ones win)", () => {
    const lines: string[] = [];
    const root = createLogger("info", (l) => lines.push(l), { service: "api", scope: "root" });
    const child = root.child({ requestId: "r1", scope: "request" });
    const grandchild = child.child({ job: 7 });
    child.info("one", { extra: true });
    grandchild.warn("two", { requestId: "r2" });
    child.debug("dropped below the level");
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map(({ time, ...rest }) => rest)).toEqual([
      { level: "info", msg: "one", service: "api", scope: "request", requestId: "r1", extra: true },
      { level: "warn", msg: "two", service: "api", scope: "request", requestId: "r2", job: 7 },
    ]);
    expect(parsed.every((p) => typeof p.time === "string")).toBe(true);
  });
});
