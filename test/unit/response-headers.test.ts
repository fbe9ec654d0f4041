import { describe, expect, it } from "vitest";
import { HeaderBag, headerBlock, withResponseHeaders } from "../../src/core/response-headers";

describe("a header block in the bag", () => {
  const block = headerBlock({ "X-Frame-Options": "SAMEORIGIN", Vary: "Origin" });

  it("reads as the same headers set one by one: names as written, any case to look up", () => {
    const byBlock = new HeaderBag();
    byBlock.setAll(block);
    const oneByOne = new HeaderBag();
    oneByOne.set("X-Frame-Options", "SAMEORIGIN");
    oneByOne.set("Vary", "Origin");
    expect([...byBlock.entries()]).toEqual([...oneByOne.entries()]);
    expect(byBlock.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(byBlock.nameOf("VARY")).toBe("Vary");
    expect(byBlock.size).toBe(2);
  });

  it("a later set replaces a block's header (one entry, the last value, its own case), and the block again replaces it", () => {
    const bag = new HeaderBag();
    bag.setAll(block);
    bag.set("vary", "Accept");
    expect([...bag.entries()]).toEqual([
      ["X-Frame-Options", "SAMEORIGIN"],
      ["vary", "Accept"],
    ]);
    bag.setAll(block);
    expect(bag.get("Vary")).toBe("Origin");
    // Another request's bag is untouched by this one's changes: the block is shared, not its use.
    const other = new HeaderBag();
    other.setAll(block);
    expect(other.get("vary")).toBe("Origin");
  });

  it("keeps a Map's order and last-write-wins whichever way a name is set again", () => {
    const other = headerBlock({ "X-Frame-Options": "DENY", "X-Other": "1" });
    const bag = new HeaderBag();
    bag.set("X-Request-ID", "a");
    bag.set("Vary", "Cookie");
    bag.set("x-request-id", "b");
    expect([...bag.entries()]).toEqual([
      ["x-request-id", "b"],
      ["Vary", "Cookie"],
    ]);
    // A block over a single header: the block's value, in the single's place.
    bag.setAll(block);
    expect([...bag.entries()]).toEqual([
      ["x-request-id", "b"],
      ["Vary", "Origin"],
      ["X-Frame-Options", "SAMEORIGIN"],
    ]);
    // A block over a block.
    bag.setAll(other);
    expect([...bag.entries()]).toEqual([
      ["x-request-id", "b"],
      ["Vary", "Origin"],
      ["X-Frame-Options", "DENY"],
      ["X-Other", "1"],
    ]);
    expect([bag.size, bag.has("x-other"), bag.has("X-Missing")]).toEqual([4, true, false]);
  });

  it("blocks that share no name with each other or the single headers read as one list", () => {
    const bag = new HeaderBag();
    bag.set("X-Request-ID", "a");
    bag.setAll(block);
    bag.setAll(headerBlock({ "X-Other": "1" }));
    bag.set("X-Cache-Status", "HIT");
    expect(bag.size).toBe(5);
    expect(bag.get("x-other")).toBe("1");
    expect(bag.nameOf("x-frame-options")).toBe("X-Frame-Options");
    expect([...bag.entries()].map(([name]) => name)).toEqual([
      "X-Request-ID",
      "X-Frame-Options",
      "Vary",
      "X-Other",
      "X-Cache-Status",
    ]);
  });

  it("reaches the answer, which keeps its own headers", () => {
    const bag = new HeaderBag();
    bag.setAll(block);
    const res = withResponseHeaders(new Response("{}", { headers: { vary: "Cookie" } }), bag);
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("vary")).toBe("Cookie");
  });
});
