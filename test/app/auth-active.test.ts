import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authUser } from "../../src/db/schema";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

// Verified tokens are cached per process (src/core/auth-cache.ts); the user row is not, so an
// account's state applies from its very next request.
describe("signed-in requests after the account changes", () => {
  it("refuses a cached token as soon as its user is deactivated, and again once deleted", async () => {
    const user = await createUserWithToken(t);
    const ok = await t.request("/api/job-applications/", { token: user.token });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);

    const db = t.deps.database.db;
    await db.update(authUser).set({ isActive: false }).where(eq(authUser.id, user.id));
    const inactive = await t.request("/api/job-applications/", { token: user.token });
    expect(inactive.status).toBe(401);
    expect(await inactive.json()).toEqual({ detail: "User is inactive", code: "user_inactive" });

    await db.delete(authUser).where(eq(authUser.id, user.id));
    const gone = await t.request("/api/job-applications/", { token: user.token });
    expect(gone.status).toBe(401);
    expect(await gone.json()).toEqual({ detail: "User not found", code: "user_not_found" });
  });

  it("refuses a cached token once it expires on the app's clock", async () => {
    const user = await createUserWithToken(t);
    expect((await t.request("/api/job-applications/", { token: user.token })).status).toBe(200);
    t.clock.advance(t.deps.config.ACCESS_TOKEN_LIFETIME * 1000);
    const res = await t.request("/api/job-applications/", { token: user.token });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "token_not_valid" });
  });
});
