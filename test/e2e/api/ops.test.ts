import { describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../../../src/core/security-headers";
import { apiSuite, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

const JSON_TYPE = { "content-type": "application/json" };

const get = apiSuite;

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

  it("every answer carries the security headers, CORS exposure, Vary and a request id", async () => {
    const { target } = get();
    const me = await signUp(target);
    const answers = [
      await call(target, "GET", "/api/"),
      await call(target, "POST", "/api/resumes/", {
        token: me.access,
        json: { title: "t", content: "c" },
      }),
      await call(target, "GET", "/api/resumes/999999999/", { token: me.access }),
      await call(target, "GET", "/api/auth/me/"),
      await call(target, "POST", "/api/auth/token/", { raw: "{", headers: JSON_TYPE }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 201, 404, 401, 400]);
    for (const { headers, status } of answers) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(headers.get(name), `${status} ${name}`).toBe(value);
      }
      // No Origin (a script's request): no CORS grant and no list of exposed headers, still Vary.
      expect(headers.get("access-control-allow-origin")).toBeNull();
      expect(headers.get("access-control-expose-headers")).toBeNull();
      expect(headers.get("vary")).toBe("Origin");
      expect(headers.get("x-request-id")).toMatch(/^[\w.-]{8,}$/);
    }
    // A caller's own sane request id comes back.
    const mine = await fetch(`${target.url}/health`, { headers: { "x-request-id": "spa-42.a" } });
    expect(mine.headers.get("x-request-id")).toBe("spa-42.a");
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
