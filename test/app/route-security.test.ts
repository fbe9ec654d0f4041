import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/**
 * The security the document states for each operation is the auth the app applies: every
 * operation of the served document is called without a token, with a user's and with a staff
 * token, and the answers must be what its `x-access` (and `security`) promise. Bodies are `{}`,
 * so nothing is written: validation answers 400 after the permission check passed.
 */
let t: TestContext;
let user: string;
let staff: string;
beforeAll(async () => {
  t = await createTestContext();
  user = (await createUserWithToken(t)).token;
  staff = (await createUserWithToken(t, { isStaff: true })).token;
});
afterAll(() => t.close());

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  "x-access": "public" | "bearer" | "staff";
  "x-token-scope"?: string;
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

const PARAMS: Record<string, string> = { id: "987654321", file: "init.js" };
const NO_CREDENTIALS = { detail: "Authentication credentials were not provided." };
const NOT_ALLOWED = { detail: "You do not have permission to perform this action." };

async function operations() {
  const res = await t.request("/api/openapi.json");
  const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
}

async function call(path: string, method: string, op: Operation, token?: string) {
  const url = path.replace(/\{(\w+)\}/g, (_, k: string) => PARAMS[k] ?? "1");
  const res = await t.request(url, {
    method: method.toUpperCase(),
    ...(op.requestBody ? { json: {} } : {}),
    ...(token ? { token } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
}

describe("documented security = applied auth", () => {
  it("states the security that matches each operation's access", async () => {
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(30);
    for (const { path, method, op } of ops) {
      const where = `${method} ${path}`;
      const access = op["x-access"];
      expect(["public", "bearer", "staff"], where).toContain(access);
      expect(op.security, where).toEqual(
        access === "public" ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }],
      );
      expect(op.responses["401"], where).toBeDefined();
      // 403: staff only, or a personal token outside the operation's scope (issue 25).
      const refusable = access === "staff" || op["x-token-scope"] !== undefined;
      expect(op.responses["403"] !== undefined, where).toBe(refusable);
    }
  });

  it("answers anonymous, user and staff callers as the access says", async () => {
    for (const { path, method, op } of await operations()) {
      const where = `${method} ${path} (${op["x-access"]})`;
      const anon = await call(path, method, op);
      const asUser = await call(path, method, op, user);
      const asStaff = await call(path, method, op, staff);
      const passed = (r: { status: number }) => r.status !== 401 && r.status !== 403;
      switch (op["x-access"]) {
        case "public":
          expect(passed(anon), `${where} anonymous: ${anon.status}`).toBe(true);
          expect(passed(asUser), `${where} user: ${asUser.status}`).toBe(true);
          break;
        case "bearer":
          expect(anon, `${where} anonymous`).toEqual({ status: 401, body: NO_CREDENTIALS });
          expect(passed(asUser), `${where} user: ${asUser.status}`).toBe(true);
          break;
        case "staff":
          expect(anon, `${where} anonymous`).toEqual({ status: 401, body: NO_CREDENTIALS });
          expect(asUser, `${where} user`).toEqual({ status: 403, body: NOT_ALLOWED });
          break;
      }
      expect(passed(asStaff), `${where} staff: ${asStaff.status}`).toBe(true);
    }
  });
});
