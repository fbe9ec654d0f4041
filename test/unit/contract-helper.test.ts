import { describe, expect, it } from "vitest";
import { assertMatchesContract } from "../helpers/contract";

/** The contract helper itself: each kind of mismatch is reported (a checker that cannot fail is no check). */
describe("assertMatchesContract", () => {
  it("the helper rejects responses that break the contract", async () => {
    const rid = { "x-request-id": "r1", "content-type": "application/json" };
    const res = (body: unknown, status: number, headers: Record<string, string> = rid) =>
      new Response(JSON.stringify(body), { status, headers });
    const resume = {
      id: 1,
      user: "a",
      title: "t",
      content: "c",
      created_at: "2026-01-01T00:00:00.000000Z",
      updated_at: "2026-01-01T00:00:00.000000Z",
    };
    await expect(
      assertMatchesContract("GET", "/api/resumes/1/", res(resume, 200)),
    ).resolves.toBeUndefined();
    const leaky = res({ ...resume, password: "x" }, 200);
    await expect(assertMatchesContract("GET", "/api/resumes/1/", leaky)).rejects.toThrow(
      /additional/,
    );
    await expect(assertMatchesContract("GET", "/api/resumes/1", res({}, 418))).rejects.toThrow(
      /418/,
    );
    const noRetry = res({ detail: "Request was throttled." }, 429);
    await expect(assertMatchesContract("GET", "/api/resumes/", noRetry)).rejects.toThrow(
      /Retry-After/,
    );
    const noId = res(resume, 200, { "content-type": "application/json" });
    await expect(assertMatchesContract("GET", "/api/resumes/1/", noId)).rejects.toThrow(
      /X-Request-ID/,
    );
    const html = new Response("<p>", {
      status: 200,
      headers: { ...rid, "content-type": "text/html" },
    });
    await expect(assertMatchesContract("GET", "/api/resumes/1/", html)).rejects.toThrow(
      /content type/,
    );
  });
});
