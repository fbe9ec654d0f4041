import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SWAGGER_UI_VERSION } from "../../src/openapi/assets.generated";
import { createTestContext, type TestContext } from "../helpers/deps";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, unknown> }>
  >;
};

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document with the bearer scheme, tags and DRF error bodies", async () => {
    const res = await t.request("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = (await res.json()) as Doc & Record<string, never>;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc).toMatchObject({
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
        responses: { Throttled: { headers: { "Retry-After": { required: true } } } },
      },
    });
    const post = doc.paths["/api/resumes/"]?.post as unknown as Record<string, never>;
    expect(post).toMatchObject({
      security: [{ bearerAuth: [] }],
      requestBody: {
        content: {
          "application/json": {
            schema: { required: ["title", "content"], properties: { title: { maxLength: 255 } } },
          },
        },
      },
      responses: {
        "201": {
          content: { "application/json": { schema: { $ref: "#/components/schemas/Resume" } } },
        },
        "400": { $ref: "#/components/responses/BadRequest" },
        "415": { $ref: "#/components/responses/UnsupportedMediaType" },
      },
    });
    const ids = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is valid against the official OpenAPI 3.1 schema (refs resolve)", async () => {
    const doc = (await (await t.request("/api/openapi.json")).json()) as Parameters<
      Validator["validate"]
    >[0];
    const result = await new Validator().validate(doc);
    expect(result).toEqual({ valid: true });
  });

  it("marks exactly the fields a body cannot omit as required (nested pipes and defaults too)", async () => {
    const doc = (await (await t.request("/api/openapi.json")).json()) as Doc;
    const required = (path: string, method: string) => {
      const op = doc.paths[path]?.[method] as unknown as {
        requestBody: { content: { "application/json": { schema: { required?: string[] } } } };
      };
      return op.requestBody.content["application/json"].schema.required ?? [];
    };
    expect(required("/api/auth/register/", "post")).toEqual([
      "username",
      "email",
      "password",
      "password2",
    ]);
    // api_key_name: required but for openai_compatible (a rule between fields, in the description).
    expect(required("/api/admin/ai-models/", "post")).toEqual([
      "display_name",
      "model_name",
      "api_provider",
    ]);
    expect(required("/api/ai/generate/", "post")).toEqual(["model", "user_input"]);
    expect(required("/api/resumes/{id}/", "patch")).toEqual([]);
  });

  it("describes each server-sent event as OpenAPI 3.2's itemSchema does (x-itemSchema in 3.1)", async () => {
    const doc = (await (await t.request("/api/openapi.json")).json()) as Doc;
    const sse = (path: string) => {
      const op = doc.paths[path]?.post as unknown as {
        responses: Record<string, { content: Record<string, Record<string, unknown>> }>;
      };
      return op.responses["200"]?.content["text/event-stream"]?.["x-itemSchema"] as {
        oneOf: { properties: { event: { const: string }; data: Record<string, unknown> } }[];
      };
    };
    const paths = [
      "/api/ai/generate/",
      "/api/job-applications/{id}/tailor/",
      "/api/job-applications/{id}/cover-letter/",
    ];
    for (const path of paths) {
      const item = sse(path);
      expect(
        item.oneOf.map((b) => b.properties.event.const),
        path,
      ).toEqual(["chunk", "done", "error"]);
      for (const branch of item.oneOf) {
        expect(branch, path).toMatchObject({
          type: "object",
          required: ["event", "data"],
          properties: { data: { type: "string", contentMediaType: "application/json" } },
        });
      }
    }
    expect(sse("/api/ai/generate/").oneOf[1]?.properties.data.contentSchema).toMatchObject({
      required: ["resume_id", "model", "generation_id"],
    });
    expect(
      sse("/api/job-applications/{id}/cover-letter/").oneOf[1]?.properties.data.contentSchema,
    ).toMatchObject({ required: ["id", "model", "generation_id"] });
  });

  it("documents the JSON 401 of the share page beside its HTML password form", async () => {
    const doc = (await (await t.request("/api/openapi.json")).json()) as Doc;
    for (const method of ["get", "post"]) {
      const answer = doc.paths["/r/{token}"]?.[method]?.responses["401"] as {
        content: Record<string, unknown>;
      };
      expect(Object.keys(answer.content)).toContain("text/html");
      expect(answer.content["application/json"]).toEqual({
        schema: { $ref: "#/components/schemas/AuthError" },
      });
    }
  });

  it("documents the busy server's 503 where passwords are hashed or documents rendered", async () => {
    const res = await t.request("/api/openapi.json");
    const doc = (await res.json()) as Doc & {
      components: { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
    };
    const busy: Array<[string, string]> = [
      ["/api/auth/register/", "post"],
      ["/api/auth/token/", "post"],
      ["/api/auth/me/", "delete"],
      ["/api/auth/password/change/", "post"],
      ["/api/resumes/{id}/share/", "post"],
      ["/api/shared/{token}/", "get"],
      ["/r/{token}", "get"],
      ["/r/{token}", "post"],
      ["/api/resumes/import/", "post"],
      ["/api/resumes/{id}/export/", "get"],
      ["/api/cover-letters/{id}/export/", "get"],
    ];
    const missing = busy.filter(([path, method]) => !doc.paths[path]?.[method]?.responses["503"]);
    expect(missing).toEqual([]);
    const schema = JSON.stringify(doc.components.responses);
    expect(schema).toContain("Retry-After");
    expect(schema).toMatch(/password-hashing queue is full/);
  });

  it("answers with and without the trailing slash and is public", async () => {
    const res = await t.request("/api/openapi.json/");
    expect(res.status).toBe(200);
    expect(((await res.json()) as Doc).paths["/health"]).toBeDefined();
  });
});

describe("GET /api/docs/", () => {
  it("serves a page that loads only same-origin files, under a strict CSP", async () => {
    for (const path of ["/api/docs/", "/api/docs"]) {
      const res = await t.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-eval");
      const html = await res.text();
      expect(html).toContain('<div id="swagger-ui"></div>');
      const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
        .map((m) => m[1])
        .filter((u) => u !== "data:,");
      expect(urls.length).toBe(3);
      for (const url of urls) expect(url).toMatch(/^\/api\/docs\//);
      expect(html).not.toMatch(/<script>/);
    }
  });

  // Also fails when swagger-ui-dist is upgraded without `npm run docs:assets`.
  it("serves Swagger UI's script and style byte for byte from the embedded copy", async () => {
    const dist = join(process.cwd(), "node_modules", "swagger-ui-dist");
    const strip = (s: string) => s.replace(/\n\/\/# sourceMappingURL=.*$/m, "");
    for (const [file, type] of [
      ["swagger-ui-bundle.js", "application/javascript"],
      ["swagger-ui.css", "text/css"],
    ] as const) {
      const res = await t.request(`/api/docs/${file}?v=1`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
      expect(await res.text()).toBe(strip(readFileSync(join(dist, file), "utf8")));
    }
    const init = await t.request("/api/docs/init.js");
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('url: "/api/openapi.json"');
  });

  it("answers 404 for other files", async () => {
    const res = await t.request("/api/docs/secrets.txt");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: "Not found." });
  });

  it("answers 404 for the names every plain object has (__proto__, constructor, toString)", async () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const res = await t.request(`/api/docs/${name}`);
      expect(res.status, name).toBe(404);
      expect(await res.json()).toEqual({ detail: "Not found." });
    }
  });

  it("embeds the installed swagger-ui-dist version (else: npm run docs:assets)", () => {
    const pkg = join(process.cwd(), "node_modules", "swagger-ui-dist", "package.json");
    const { version } = JSON.parse(readFileSync(pkg, "utf8")) as { version: string };
    expect(SWAGGER_UI_VERSION).toBe(version);
  });
});
