import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPOSED_HEADERS } from "../../src/app";
import { createTestContext, type TestContext } from "../helpers/deps";

const ALLOWED = "https://app.example";
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { CORS_ORIGINS: ALLOWED } });
});
afterAll(() => t.close());

describe("CORS headers (set on the finished response)", () => {
  it("echoes an allowed origin, exposes the headers and varies on Origin", async () => {
    const res = await t.request("/health", { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("access-control-expose-headers")).toBe(EXPOSED_HEADERS.join(","));
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("exposes what an SPA on another origin reads: a download's file name, the answering model", async () => {
    const res = await t.request("/health", { headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    const exposed = (res.headers.get("access-control-expose-headers") ?? "").split(",");
    expect(exposed).toEqual(expect.arrayContaining(["Content-Disposition", "X-AI-Model"]));
  });

  it("never allows another origin, and errors carry the same headers", async () => {
    const res = await t.request("/api/nowhere", { headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: "Not found." });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-expose-headers")).toBeNull();
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("a request without Origin (a script, an agent, a same-origin page) gets Vary, no CORS grant or expose list", async () => {
    const res = await t.request("/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-expose-headers")).toBeNull();
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers preflights with the allowed methods and headers", async () => {
    const res = await t.request("/api/resumes/", {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it("lets an MCP client in a browser send its protocol version to /mcp", async () => {
    const res = await t.request("/mcp", {
      method: "OPTIONS",
      headers: {
        origin: ALLOWED,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, mcp-protocol-version",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("access-control-allow-headers")).toContain("Mcp-Protocol-Version");
  });
});
