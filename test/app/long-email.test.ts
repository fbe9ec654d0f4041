import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";

/**
 * Issue 21 #1: the email pattern ran on the whole value although the 254-character limit had
 * already failed (80 KB: 17 s with the server frozen). Length is checked first; an over-long
 * value gets DRF's two messages without the pattern running.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const PASSWORD = "Vq7#mulberry-Lantern";

describe("an 80 KB email of dots between two @", () => {
  it("register answers 400 with DRF's messages, quickly", async () => {
    const email = `a@${".".repeat(80_000)}@`;
    const started = performance.now();
    const res = await t.request("/api/auth/register/", {
      method: "POST",
      json: { username: uniqueName(), email, password: PASSWORD, password2: PASSWORD },
    });
    const ms = performance.now() - started;
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      email: ["Ensure this field has no more than 254 characters.", "Enter a valid email address."],
    });
    expect(ms).toBeLessThan(1000);
  });

  it("an invalid email within the limit still gets the pattern's message alone", async () => {
    const res = await t.request("/api/auth/register/", {
      method: "POST",
      json: {
        username: uniqueName(),
        email: `a@${".".repeat(200)}@`,
        password: PASSWORD,
        password2: PASSWORD,
      },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ email: ["Enter a valid email address."] });
  });
});
