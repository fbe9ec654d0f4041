import { describe, expect, it } from "vitest";
import { apiSuite, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

const get = apiSuite;

describe("DRF-style errors over HTTP", () => {
  it("415 for a body that is not JSON", async () => {
    const { target } = get();
    const me = await signUp(target);
    const res = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      raw: "title=x",
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
  });

  it("400 for malformed JSON", async () => {
    const { target } = get();
    const res = await call(target, "POST", "/api/auth/token/", {
      raw: '{"username": ',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect((res.body as { detail: string }).detail).toMatch(/^JSON parse error - ./);
  });

  it("reads a chunked JSON body whole, a character split across chunks included", async () => {
    const { target } = get();
    const me = await signUp(target);
    const bytes = new TextEncoder().encode(
      JSON.stringify({ title: "Résumé — 履歴書", content: "ü".repeat(5000) }),
    );
    // Chunks of 7 bytes cut through the two- and three-byte characters.
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    const res = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      chunks,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: "Résumé — 履歴書", content: "ü".repeat(5000) });
  });

  it("413 for a body over MAX_BODY_BYTES, declared or chunked, and nothing is saved", async () => {
    const { target } = get();
    const me = await signUp(target);
    const big = JSON.stringify({ title: "too big", content: "x".repeat(1024 * 1024 + 10) });
    const declared = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      raw: big,
      headers: { "content-type": "application/json" },
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({ detail: "Request body too large." });
    const bytes = new TextEncoder().encode(big);
    const chunked = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      chunks: [bytes.subarray(0, 600_000), bytes.subarray(600_000)],
      headers: { "content-type": "application/json" },
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toEqual({ detail: "Request body too large." });
    const list = await call(target, "GET", "/api/resumes/", { token: me.access });
    expect(list.body).toEqual([]);
    // The connection is still good for the next request.
    const after = await call(target, "POST", "/api/resumes/", {
      token: me.access,
      json: { title: "fits", content: "ok" },
    });
    expect(after.status).toBe(201);
  });

  it("405 with Allow for a known path and another method", async () => {
    const { target } = get();
    const res = await call(target, "PATCH", "/api/auth/register/", { json: {} });
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ detail: 'Method "PATCH" not allowed.' });
    expect(res.headers.get("allow")).toMatch(/POST/);
    const del = await call(target, "DELETE", "/api/ai/models");
    expect(del.status).toBe(405);
    expect(del.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
  });

  it("404 for unknown paths and odd ids", async () => {
    const { target } = get();
    const me = await signUp(target);
    for (const path of ["/api/nothing-here/", "/nope", "/api/resumes/abc/", "/api/resumes/0/"]) {
      const res = await call(target, "GET", path, { token: me.access });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ detail: "Not found." });
    }
  });

  it("401 token_not_valid for a bad token, even on public endpoints", async () => {
    const { target } = get();
    const res = await call(target, "GET", "/api/ai/models/", { token: "not.a.jwt" });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      detail: "Given token not valid for any token type",
      code: "token_not_valid",
    });
  });

  it("every path answers the same without its trailing slash", async () => {
    const { target } = get();
    const me = await signUp(target);
    const pairs = [
      "/api/auth/me/",
      "/api/resumes/",
      "/api/job-applications/",
      "/api/job-applications/stats/",
      "/api/ai/usage/",
    ];
    for (const path of pairs) {
      const slash = await call(target, "GET", path, { token: me.access });
      const bare = await call(target, "GET", path.slice(0, -1), { token: me.access });
      expect(slash.status, path).toBe(200);
      expect(bare.status, path).toBe(200);
      expect(bare.body).toEqual(slash.body);
    }
  });
});
