import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    env: { THROTTLE_ENABLED: "true", THROTTLE_USER: "100/min", THROTTLE_AI: "3/hour" },
  });
});
afterAll(() => t.close());

describe("the AI throttle", () => {
  it("counts generation, tailoring and cover letters in one budget per user", async () => {
    const user = await createUserWithToken(t);
    const post = (path: string) =>
      t.request(path, { method: "POST", token: user.token, json: { model: "x" } });
    const paths: [string, number][] = [
      ["/api/ai/generate/", 400],
      ["/api/job-applications/999999999/tailor/", 404],
      ["/api/job-applications/999999999/cover-letter", 404],
    ];
    for (const [path, status] of paths) {
      const res = await post(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get("x-ratelimit-limit")).toBe("3");
    }
    const res = await post("/api/job-applications/999999998/cover-letter/");
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 429,
      body: { detail: "Request was throttled. Expected available in 3600 seconds." },
    });
    expect(res.headers.get("retry-after")).toBe("3600");
    // Reading letters is not writing one.
    expect((await t.request("/api/cover-letters/", { token: user.token })).status).toBe(200);
  });
});
