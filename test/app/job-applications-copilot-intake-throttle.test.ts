import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    env: { THROTTLE_ENABLED: "true", THROTTLE_USER: "100/min", THROTTLE_AI: "2/hour" },
  });
});
afterAll(() => t.close());

describe("posting intake and the AI throttle", () => {
  it("counts a request naming a model in the AI budget (shared with generation); one without, not", async () => {
    const user = await createUserWithToken(t);
    const post = (path: string, json: unknown) =>
      t.request(path, { method: "POST", token: user.token, json });
    const intake = "/api/job-applications/intake/";
    for (let i = 0; i < 3; i++) {
      const plain = await post(intake, { text: "Engineer at Acme" });
      expect(plain.status).toBe(200);
      expect(plain.headers.get("x-ratelimit-limit")).toBe("100");
    }
    for (let i = 0; i < 2; i++) {
      const res = await post(intake, { text: "Engineer at Acme", model: "No such model" });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-ratelimit-limit")).toBe("2");
    }
    for (const path of [intake, "/api/job-applications/999999999/tailor/"]) {
      const res = await post(path, { text: "Engineer at Acme", model: "No such model" });
      expect({ path, status: res.status, body: await res.json() }).toEqual({
        path,
        status: 429,
        body: { detail: "Request was throttled. Expected available in 3600 seconds." },
      });
    }
    expect((await post(intake, { text: "Engineer at Acme" })).status).toBe(200);
  });
});
