import { describe, expect, it } from "vitest";
import { answerCleaner, checkedPiece, cleanAnswer, wholeText } from "../../src/ai-providers/answer";
import { answerByteLimits, boundedFetch } from "../../src/ai-providers/bounded-fetch";

describe("answerCleaner: NUL and lone surrogates removed, pairs kept", () => {
  it("whole texts", () => {
    expect(cleanAnswer("a\u0000b")).toBe("ab");
    expect(cleanAnswer("\ud800x\udc00y")).toBe("xy");
    expect(cleanAnswer("ok \ud83d\ude00")).toBe("ok \ud83d\ude00");
    expect(cleanAnswer("end \ud83d")).toBe("end ");
    expect(cleanAnswer("")).toBe("");
  });

  it("a pair split between two pieces survives; a half pair never comes out", () => {
    const c = answerCleaner();
    expect(c.push("smile \ud83d")).toBe("smile ");
    expect(c.push("\ude00!")).toBe("\ud83d\ude00!");
    expect(c.push("\ud83d")).toBe("");
    expect(c.push("x")).toBe("x");
  });
});

describe("checkedPiece / wholeText", () => {
  it("refuses what is not a string, and text over the limit", () => {
    for (const v of [[], {}, 1, null, true]) {
      expect(() => checkedPiece(v, 0, 10)).toThrow(expect.objectContaining({ kind: "invalid" }));
    }
    expect(() => checkedPiece("abc", 8, 10)).toThrow(
      expect.objectContaining({ kind: "oversized" }),
    );
    expect(checkedPiece("ab", 8, 10)).toBe("ab");
  });

  it("an answer with nothing left once cleaned is empty", () => {
    expect(() => wholeText({ text: "\u0000" }, "", cleanAnswer, 10)).toThrow(
      expect.objectContaining({ kind: "empty" }),
    );
    expect(wholeText(undefined, "streamed", cleanAnswer, 10)).toBe("streamed");
  });
});

describe("boundedFetch", () => {
  const reply = (res: Response) => async () => res;

  it("a redirect is a provider failure, never followed", async () => {
    let init: RequestInit | undefined;
    const f = boundedFetch(100, async (_, i) => {
      init = i;
      return new Response(null, { status: 307, headers: { location: "http://elsewhere/" } });
    });
    await expect(f("http://x/", { method: "POST" })).rejects.toMatchObject({
      kind: "http",
      status: 307,
    });
    expect(init?.redirect).toBe("manual");
  });

  it("a declared Content-Length over the limit fails before the body is read", async () => {
    const big = new Response("x", { headers: { "content-length": "99999999" } });
    await expect(boundedFetch(100, reply(big))("http://x/")).rejects.toMatchObject({
      kind: "oversized",
    });
  });

  it("a body past the limit errors while read; one within passes whole", async () => {
    const { json } = answerByteLimits(10);
    const over = await boundedFetch(10, reply(new Response("x".repeat(json + 1))))("http://x/");
    await expect(over.text()).rejects.toMatchObject({ kind: "oversized" });
    const ok = await boundedFetch(10, reply(new Response('{"a":1}')))("http://x/");
    expect(await ok.json()).toEqual({ a: 1 });
  });

  it("a stream may be long, but no line longer than a JSON answer", async () => {
    const { line } = answerByteLimits(10);
    const sse = { "content-type": "text/event-stream" };
    const lines = `${"data: x\n\n".repeat(Math.ceil((line + 1000) / 9))}`;
    const many = await boundedFetch(10, reply(new Response(lines, { headers: sse })))("http://x/");
    expect((await many.text()).length).toBe(lines.length);
    const endless = new Response(`data: ${"x".repeat(line)}`, { headers: sse });
    const one = await boundedFetch(10, reply(endless))("http://x/");
    await expect(one.text()).rejects.toMatchObject({ kind: "oversized" });
  });
});
