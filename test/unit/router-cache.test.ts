import { describe, expect, it } from "vitest";
import { CachedRouter, ROUTE_CACHE_SIZE } from "../../src/core/router-cache";

const handlersOf = (r: ReturnType<CachedRouter<string>["match"]>) => r[0].map(([h]) => h);

describe("CachedRouter", () => {
  const router = () => {
    const r = new CachedRouter<string>();
    r.add("ALL", "*", "mw");
    r.add("GET", "/api/ai/models", "models");
    r.add("GET", "/api/resumes/:id", "resume");
    r.add("ALL", "/api/resumes/:id", "405");
    return r;
  };

  it("answers as the trie router does, and keeps a parameter-free match", () => {
    const r = router();
    const first = r.match("GET", "/api/ai/models");
    expect(handlersOf(first)).toEqual(["mw", "models"]);
    expect(r.match("GET", "/api/ai/models")).toBe(first);
    // Per method: a POST is its own match.
    expect(handlersOf(r.match("POST", "/api/ai/models"))).toEqual(["mw"]);
  });

  it("looks up matches with path parameters each time, with their own values", () => {
    const r = router();
    const a = r.match("GET", "/api/resumes/1");
    const b = r.match("GET", "/api/resumes/2");
    expect(handlersOf(a)).toEqual(["mw", "resume", "405"]);
    expect(a[0][1]?.[1]).toEqual({ id: "1" });
    expect(b[0][1]?.[1]).toEqual({ id: "2" });
    expect(r.match("GET", "/api/resumes/1")).not.toBe(a);
  });

  it("stays bounded: unknown paths past the size start the cache over", () => {
    const r = router();
    const models = r.match("GET", "/api/ai/models");
    for (let i = 0; i < ROUTE_CACHE_SIZE; i++) r.match("GET", `/nowhere/${i}`);
    expect((r as unknown as { kept: number }).kept).toBeLessThanOrEqual(ROUTE_CACHE_SIZE);
    const again = r.match("GET", "/api/ai/models");
    expect(handlersOf(again)).toEqual(["mw", "models"]);
    expect(again).not.toBe(models);
  });

  it("forgets kept matches when a route is added", () => {
    const r = router();
    r.match("GET", "/api/x");
    r.add("GET", "/api/x", "x");
    expect(handlersOf(r.match("GET", "/api/x"))).toEqual(["mw", "x"]);
  });
});
