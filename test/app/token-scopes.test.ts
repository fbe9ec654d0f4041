import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_SCOPES, type TokenScope } from "../../src/core/scope-names";
import { apiRoutes } from "../../src/features";
import type { RouteSpec } from "../../src/route";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * Every documented operation against personal tokens: one without the scope its definition
 * names is refused (403 naming the scope, before anything runs), one with it is let through
 * (whatever the operation then answers: 2xx, 400, 404, 503, but never that 403); "session"
 * operations refuse every token.
 */
let t: TestContext;
let staff: TestUser;
const minted = new Map<string, string>();
beforeAll(async () => {
  t = await createTestContext();
  staff = await createUserWithToken(t, { isStaff: true });
});
afterAll(() => t.close());

async function tokenWith(scopes: readonly TokenScope[]): Promise<string> {
  const key = [...scopes].sort().join(" ");
  const known = minted.get(key);
  if (known) return known;
  const res = await t.request("/api/auth/tokens/", {
    method: "POST",
    token: staff.token,
    json: { name: key.slice(0, 100), scopes },
  });
  expect(res.status).toBe(201);
  const { token } = (await res.json()) as { token: string };
  minted.set(key, token);
  return token;
}

/** Everything but `scope`, and but what would grant it (`x:write` for `x:read`). */
const without = (scope: TokenScope) =>
  TOKEN_SCOPES.filter((s) => s !== scope && s !== scope.replace(":read", ":write"));

function call(route: RouteSpec, token: string) {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "token" ? "x" : "1",
  );
  const hasBody = route.method !== "get" && route.method !== "delete";
  return t.request(path, {
    method: route.method.toUpperCase(),
    token,
    ...(hasBody ? { json: route.bodyExample ?? {} } : {}),
  });
}

const routes: readonly RouteSpec[] = apiRoutes;
const scoped = routes.filter((r) => r.tokenScope !== undefined);

describe("token scopes on every documented operation", () => {
  it("every operation that needs a user names its scope", () => {
    expect(routes.filter((r) => r.access !== "public" && !r.tokenScope)).toEqual([]);
    expect(routes.filter((r) => r.access === "staff" && r.tokenScope !== "session")).toEqual([]);
    expect(scoped.length).toBeGreaterThan(40);
  });

  it.each(scoped.map((r) => [r.operationId, r] as const))("%s", async (_, route) => {
    const scope = route.tokenScope;
    if (scope === "session") {
      const res = await call(route, await tokenWith(TOKEN_SCOPES));
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 403,
        body: { detail: "You do not have permission to perform this action." },
      });
      return;
    }
    if (scope === undefined) throw new Error("filtered above");
    if (scope === "any") {
      // Any single scope is let through (MCP: its tools check their REST twins' scopes).
      for (const granted of TOKEN_SCOPES) {
        const res = await call(route, await tokenWith([granted]));
        expect([res.status, granted]).not.toEqual([403, granted]);
        expect(res.status).not.toBe(401);
      }
      return;
    }
    const refused = await call(route, await tokenWith(without(scope)));
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 403,
      body: { detail: `This token does not have the scope "${scope}".` },
    });
    const grants: TokenScope[][] = [[scope]];
    const write = TOKEN_SCOPES.find((s) => s === scope.replace(":read", ":write") && s !== scope);
    if (write) grants.push([write]);
    for (const granted of grants) {
      const res = await call(route, await tokenWith(granted));
      const body = await res.text();
      expect([res.status, body]).not.toEqual([403, expect.stringContaining("scope")]);
      expect(res.status).not.toBe(401);
    }
  });
});

describe("a scope that depends on the body", () => {
  it("posting intake with a model needs ai as well as applications:write", async () => {
    const token = await tokenWith(["applications:write"]);
    const body = { text: "Backend engineer at Acme\nCompany: Acme", model: "Deepseek" };
    const res = await t.request("/api/job-applications/intake/", {
      method: "POST",
      token,
      json: body,
    });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 403,
      body: { detail: 'This token does not have the scope "ai".' },
    });
    const { model: _m, ...plain } = body;
    const ok = await t.request("/api/job-applications/intake/", {
      method: "POST",
      token,
      json: plain,
    });
    expect(ok.status).toBe(200);
  });
});
