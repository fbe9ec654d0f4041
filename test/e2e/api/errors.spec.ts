import { describe, expect, it } from "vitest";
import { type ApiSuite, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

export function errorSpecs(get: () => ApiSuite) {
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
}
