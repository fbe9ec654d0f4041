import { describe, expect, it } from "vitest";
import type { ApiSuite } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

export function opsSpecs(get: () => ApiSuite) {
  describe("operations", () => {
    it("GET /health and /ready", async () => {
      const { target } = get();
      const health = await call(target, "GET", "/health");
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: "ok" });
      const ready = await call(target, "GET", "/ready");
      expect(ready.status).toBe(200);
      const body = ready.body as { status: string; checks: Record<string, string> };
      expect(body).toMatchObject({ status: "ok", checks: { database: "ok" } });
      // The Worker also probes its Redis (through the bridge) when one is configured.
      expect(Object.values(body.checks).every((v) => v === "ok")).toBe(true);
    });

    it("GET /api/ lists absolute endpoint URLs, with and without the slash", async () => {
      const { target } = get();
      for (const path of ["/api/", "/api"]) {
        const res = await call(target, "GET", path);
        expect(res.status, path).toBe(200);
        expect(res.body).toMatchObject({
          resumes: `${target.url}/api/resumes/`,
          "ai-generate": `${target.url}/api/ai/generate/`,
          docs: `${target.url}/api/docs/`,
        });
      }
    });

    it("GET /api/openapi.json is the OpenAPI 3.1 document of every endpoint", async () => {
      const res = await call(get().target, "GET", "/api/openapi.json");
      expect(res.status).toBe(200);
      const doc = res.body as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\.1\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          "/api/auth/register/",
          "/api/resumes/{id}/",
          "/api/job-applications/{id}/restore/",
          "/api/ai/generate/",
          "/api/admin/ai-models/{id}/",
        ]),
      );
    });

    it("GET /api/docs/ serves the interactive reference and its script", async () => {
      const { target } = get();
      const res = await call(target, "GET", "/api/docs/");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(String(res.body)).toMatch(/<html[\s>]/i);
      const script = String(res.body).match(/src="(\/api\/docs\/init\.js[^"]*)"/)?.[1];
      expect(script).toBeDefined();
      const asset = await call(target, "GET", script ?? "");
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(/javascript/);
    });
  });
}
