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

  it("takes a method the path lacks as 405, or 401 where every operation needs a token", async () => {
    const rid = { "x-request-id": "r1", "content-type": "application/json" };
    const res = (body: unknown, status: number) =>
      new Response(JSON.stringify(body), {
        status,
        headers: status === 405 ? { ...rid, allow: "POST, OPTIONS" } : rid,
      });
    const notAllowed = { detail: 'Method "GET" not allowed.' };
    const anonymous = { detail: "Authentication credentials were not provided." };
    await expect(
      assertMatchesContract("GET", "/api/resumes/import/", res(notAllowed, 405)),
    ).resolves.toBeUndefined();
    await expect(
      assertMatchesContract("GET", "/api/resumes/import/", res(anonymous, 401)),
    ).resolves.toBeUndefined();
    // The register path is public: an anonymous GET there is a 405, never a 401.
    await expect(
      assertMatchesContract("GET", "/api/auth/register/", res(anonymous, 401)),
    ).rejects.toThrow(/not documented/);
    await expect(
      assertMatchesContract("GET", "/api/resumes/import/", res(notAllowed, 404)),
    ).rejects.toThrow(/not documented/);
  });

  it("checks each server-sent event against the documented item schema", async () => {
    const stream = (body: string) =>
      new Response(body, {
        status: 200,
        headers: { "x-request-id": "r1", "content-type": "text/event-stream" },
      });
    // Since issue 24 a `done` names its generation too (a 32-hex-digit id).
    const id = "5f0c3a9e2b7d41e8a6c1f09d3b2e7a64";
    const good = `event: chunk\ndata: {"text":"# Ann"}\n\nevent: done\ndata: {"resume_id":1,"model":"M","generation_id":"${id}"}\n\n`;
    const generate = (body: string) =>
      assertMatchesContract("POST", "/api/ai/generate/", stream(body));
    await expect(generate(good)).resolves.toBeUndefined();
    await expect(generate('event: progress\ndata: {"p":1}\n\n')).rejects.toThrow(/event/);
    await expect(generate('event: done\ndata: {"resume_id":"1","model":"M"}\n\n')).rejects.toThrow(
      /event done/,
    );
    // A letter's `done` names the letter (`id`), not a resume.
    const letter = stream('event: done\ndata: {"resume_id":1,"model":"M"}\n\n');
    await expect(
      assertMatchesContract("POST", "/api/job-applications/1/cover-letter/", letter),
    ).rejects.toThrow(/event done/);
  });
});
