import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../src/features";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * A JSON body that is not an object (the fuzzer's `null` on register was a 500). DRF's
 * Serializer answers `{"non_field_errors": ["No data provided"]}` for `null` and names the
 * Python type of anything else (`type(data).__name__`): int, float, str, bool, list.
 */
let t: TestContext;
let staff: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  staff = await createUserWithToken(t, { isStaff: true });
});
afterAll(() => t.close());

const BODIES: readonly [string, string][] = [
  ["null", "No data provided"],
  ["1", "Invalid data. Expected a dictionary, but got int."],
  ["-0", "Invalid data. Expected a dictionary, but got int."],
  ["1.5", "Invalid data. Expected a dictionary, but got float."],
  ["1e3", "Invalid data. Expected a dictionary, but got float."],
  ['"s"', "Invalid data. Expected a dictionary, but got str."],
  ["true", "Invalid data. Expected a dictionary, but got bool."],
  ["false", "Invalid data. Expected a dictionary, but got bool."],
  ["[]", "Invalid data. Expected a dictionary, but got list."],
  [' \n [{"a": 1}]', "Invalid data. Expected a dictionary, but got list."],
];

const writes = apiRoutes.filter((r) => ["post", "put", "patch"].includes(r.method));
const concrete = (path: string) => path.replace(/\{\w+\}/g, "1");

const send = (method: string, path: string, body: string, type = "application/json") =>
  t.request(concrete(path), {
    method: method.toUpperCase(),
    token: staff.token,
    headers: { "content-type": type },
    body: new TextEncoder().encode(body),
  });

describe("a JSON body that is not an object", () => {
  it("walks every write operation: DRF's 400 where a body is read, never a 500", async () => {
    expect(writes.length).toBeGreaterThan(20);
    for (const r of writes) {
      for (const [body, message] of BODIES) {
        const res = await send(r.method, r.path, body);
        const where = `${r.method} ${r.path} ${body}`;
        expect(res.status, where).toBeLessThan(500);
        if (!("body" in r) || !r.body) continue;
        expect({ status: res.status, body: await res.json() }, where).toEqual({
          status: 400,
          body: { non_field_errors: [message] },
        });
      }
    }
  });

  it("register with null: DRF's 400 (the fuzzer's 500)", async () => {
    const res = await send("post", "/api/auth/register/", "null");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ non_field_errors: ["No data provided"] });
  });

  it("still words malformed JSON as a parse error, whatever its first character", async () => {
    for (const body of ["[1,", "nul", "-", '"open', "1.5.5"]) {
      const res = await send("post", "/api/resumes/", body);
      expect(res.status, body).toBe(400);
      const { detail } = (await res.json()) as { detail: string };
      expect(detail, body).toMatch(/^JSON parse error - /);
    }
  });

  it("a +json media type is read the same way", async () => {
    const res = await send("post", "/api/resumes/", "42", "application/vnd.api+json");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      non_field_errors: ["Invalid data. Expected a dictionary, but got int."],
    });
  });
});
