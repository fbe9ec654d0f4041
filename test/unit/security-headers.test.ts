import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../../src/core/security-headers";

describe("SECURITY_HEADERS", () => {
  it("are exactly what Hono's secureHeaders() sets, with a cross-origin resource policy", async () => {
    const app = new Hono();
    app.use(secureHeaders({ crossOriginResourcePolicy: "cross-origin" }));
    app.get("/", (c) => c.body(null, 204));
    const res = await app.request("/");
    const hono = Object.fromEntries(res.headers.entries());
    const ours = Object.fromEntries(
      Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(ours).toEqual(hono);
  });
});
