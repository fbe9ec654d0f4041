import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personalToken } from "../../src/db/schema";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const PASSWORD = "Vq7#mulberry-Lantern";
const INVALID = {
  detail: "Given token not valid for any token type",
  code: "token_not_valid",
  messages: [
    { token_class: "AccessToken", token_type: "access", message: "Token is invalid or expired" },
  ],
};

interface Created {
  id: number;
  token: string;
  token_hint: string;
  expires_at: string | null;
  last_used_at: string | null;
}

async function mint(user: TestUser, body: Record<string, unknown>) {
  const res = await t.request("/api/auth/tokens/", {
    method: "POST",
    json: body,
    token: user.token,
  });
  return { status: res.status, body: (await res.json()) as Created & Record<string, unknown> };
}

async function minted(user: TestUser, scopes: string[], extra: Record<string, unknown> = {}) {
  const res = await mint(user, { name: "script", scopes, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}

describe("POST/GET/DELETE /api/auth/tokens/", () => {
  it("creates a token shown once, lists it without the secret, stores only a hash", async () => {
    const user = await createUserWithToken(t);
    const created = await minted(user, ["resumes:read", "resumes:read", "ai"]);
    expect(created).toMatchObject({
      name: "script",
      scopes: ["resumes:read", "ai"],
      last_used_at: null,
    });
    expect(created.token).toMatch(/^rsm_pat_[0-9A-Za-z]{36}$/);
    expect(created.token_hint).toBe(created.token.slice(-4));
    const days = (Date.parse(created.expires_at ?? "") - t.clock.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);

    const list = await t.request("/api/auth/tokens/", { token: user.token });
    expect(list.status).toBe(200);
    const rows = (await list.json()) as Record<string, unknown>[];
    expect(rows).toEqual([{ ...created, token: undefined }].map(({ token: _t, ...r }) => r));
    const [stored] = await t.deps.database.db
      .select()
      .from(personalToken)
      .where(eq(personalToken.id, created.id));
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("validates name, scopes and expiry in DRF's format", async () => {
    const user = await createUserWithToken(t);
    const res = await mint(user, { name: "x".repeat(101), scopes: ["bogus"], expires_in_days: 0 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      name: ["Ensure this field has no more than 100 characters."],
      scopes: ['"bogus" is not a valid choice.'],
      expires_in_days: ["Ensure this value is greater than or equal to 1."],
    });
    const empty = await mint(user, { name: "a", scopes: [], expires_in_days: 366 });
    expect(empty.body).toEqual({
      scopes: ["This list may not be empty."],
      expires_in_days: ["Ensure this value is less than or equal to 365."],
    });
    expect((await mint(user, { scopes: ["ai"] })).body).toEqual({
      name: ["This field is required."],
    });
    const never = await minted(user, ["ai"], { expires_in_days: null });
    expect(never.expires_at).toBeNull();
  });

  it("a token works as its user, and never manages tokens", async () => {
    const user = await createUserWithToken(t);
    const { token } = await minted(user, ["account:read"]);
    const me = await t.request("/api/auth/me/", { token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: user.id, username: user.username });
    const list = await t.request("/api/auth/tokens/", { token });
    expect(list.status).toBe(403);
    expect(await list.json()).toEqual({
      detail: "You do not have permission to perform this action.",
    });
    const create = await mint({ ...user, token }, { name: "n", scopes: ["ai"] });
    expect(create.status).toBe(403);
    const narrow = await minted(user, ["resumes:write"]);
    const refused = await t.request("/api/auth/me/", { token: narrow.token });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      detail: 'This token does not have the scope "account:read".',
    });
  });

  it("revocation takes effect on the next request; another user's token is 404", async () => {
    const user = await createUserWithToken(t);
    const other = await createUserWithToken(t);
    const { id, token } = await minted(user, ["account:read"]);
    expect((await t.request("/api/auth/me/", { token })).status).toBe(200); // cached now
    const foreign = await t.request(`/api/auth/tokens/${id}/`, {
      method: "DELETE",
      token: other.token,
    });
    expect(foreign.status).toBe(404);
    const del = await t.request(`/api/auth/tokens/${id}/`, { method: "DELETE", token: user.token });
    expect(del.status).toBe(204);
    const after = await t.request("/api/auth/me/", { token });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual(INVALID);
  });

  it("refuses unknown, malformed and expired tokens with token_not_valid", async () => {
    const user = await createUserWithToken(t);
    const { token } = await minted(user, ["account:read"], { expires_in_days: 1 });
    const forged = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    for (const bad of [forged, "rsm_pat_short"]) {
      const res = await t.request("/api/auth/me/", { token: bad });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(INVALID);
    }
    expect((await t.request("/api/auth/me/", { token })).status).toBe(200);
    t.clock.advance(86_400_000 + 1000);
    const expired = await t.request("/api/auth/me/", { token });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual(INVALID);
  });

  it("keeps last_used_at to the minute, written once a minute", async () => {
    const user = await createUserWithToken(t);
    const { id, token } = await minted(user, ["account:read"], { expires_in_days: null });
    t.clock.set(Date.UTC(2030, 0, 1, 10, 30, 42, 500));
    await t.request("/api/auth/me/", { token });
    const read = async () =>
      (await t.deps.database.db.select().from(personalToken).where(eq(personalToken.id, id)))[0]
        ?.lastUsedAt;
    expect(await read()).toBe("2030-01-01T10:30:00Z");
    await t.deps.database.db
      .update(personalToken)
      .set({ lastUsedAt: null })
      .where(eq(personalToken.id, id));
    t.clock.advance(10_000);
    await t.request("/api/auth/me/", { token });
    expect(await read()).toBeNull(); // same minute: nothing written
    t.clock.advance(60_000);
    await t.request("/api/auth/me/", { token });
    expect(await read()).toBe("2030-01-01T10:31:00Z");
  });

  it("a password change and the account's deletion revoke every token", async () => {
    const username = uniqueName();
    await t.request("/api/auth/register/", {
      method: "POST",
      json: { username, email: `${username}@example.com`, password: PASSWORD, password2: PASSWORD },
    });
    const login = await t.request("/api/auth/token/", {
      method: "POST",
      json: { username, password: PASSWORD },
    });
    const { access } = (await login.json()) as { access: string };
    const session = { id: 0, username, token: access };
    const { token } = await minted(session, ["account:read"]);
    expect((await t.request("/api/auth/me/", { token })).status).toBe(200);
    const changed = await t.request("/api/auth/password/change/", {
      method: "POST",
      token: access,
      json: {
        old_password: PASSWORD,
        new_password: "Fresh-Orchard-77",
        new_password2: "Fresh-Orchard-77",
      },
    });
    expect(changed.status).toBe(204);
    expect((await t.request("/api/auth/me/", { token })).status).toBe(401);
    // A token never changes the password or deletes the account.
    const second = await minted(session, ["account:read"]);
    const del = await t.request("/api/auth/me/", {
      method: "DELETE",
      token: second.token,
      json: { password: "Fresh-Orchard-77" },
    });
    expect(del.status).toBe(403);
    const gone = await t.request("/api/auth/me/", {
      method: "DELETE",
      token: access,
      json: { password: "Fresh-Orchard-77" },
    });
    expect(gone.status).toBe(204);
    expect((await t.request("/api/auth/me/", { token: second.token })).status).toBe(401);
  });

  it("a user holds at most 50 tokens, counted under concurrency", async () => {
    const user = await createUserWithToken(t);
    const results = await Promise.all(
      Array.from({ length: 53 }, () => mint(user, { name: "n", scopes: ["ai"] })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(50);
    const refused = results.filter((r) => r.status === 400);
    expect(refused).toHaveLength(3);
    expect(refused[0]?.body).toEqual({
      non_field_errors: ["You can hold at most 50 tokens; revoke one first."],
    });
  });
});
