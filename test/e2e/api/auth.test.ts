import { describe, expect, it } from "vitest";
import { uniqueName } from "../../helpers/deps";
import { apiSuite, login, PASSWORD, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

// simplejwt's own bodies: a spent (rotated, logged out, revoked) refresh token is "blacklisted".
const BLACKLISTED = { detail: "Token is blacklisted", code: "token_not_valid" };

const get = apiSuite;

describe("auth", () => {
  it("register: 201 {id, username, email}; a mismatch is DRF's 400", async () => {
    const { target } = get();
    const username = uniqueName();
    const email = `${username}@example.com`;
    const ok = await call(target, "POST", "/api/auth/register/", {
      json: { username, email, password: PASSWORD, password2: PASSWORD },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ id: expect.any(Number), username, email });
    const bad = await call(target, "POST", "/api/auth/register", {
      json: { username: uniqueName(), email, password: PASSWORD, password2: `${PASSWORD}!` },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ password: ["Password fields didn't match."] });
    const taken = await call(target, "POST", "/api/auth/register/", {
      json: { username, email, password: PASSWORD, password2: PASSWORD },
    });
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual({ username: ["A user with that username already exists."] });
  });

  it("token: a pair for the right password, 401 otherwise", async () => {
    const { target } = get();
    const me = await signUp(target);
    expect(me.access.split(".")).toHaveLength(3);
    expect(me.refresh).not.toBe(me.access);
    const wrong = await call(target, "POST", "/api/auth/token/", {
      json: { username: me.username, password: "Wrong-Harbor-42x" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ detail: "No active account found with the given credentials" });
  });

  it("refresh as simplejwt's defaults: {access}, the refresh token stays valid until logout", async () => {
    const { target } = get();
    const me = await signUp(target);
    for (const path of ["/api/auth/token/refresh/", "/api/auth/token/refresh"]) {
      const res = await call(target, "POST", path, { json: { refresh: me.refresh } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ access: expect.any(String) });
    }
    const out = await call(target, "POST", "/api/auth/logout/", {
      json: { refresh: me.refresh },
      token: me.access,
    });
    expect(out.status).toBe(205);
    const again = await call(target, "POST", "/api/auth/token/refresh/", {
      json: { refresh: me.refresh },
    });
    expect(again.status).toBe(401);
    expect(again.body).toEqual(BLACKLISTED);
  });

  it("verify: {} for a good token, 401 for a bad one", async () => {
    const { target } = get();
    const me = await signUp(target);
    const ok = await call(target, "POST", "/api/auth/token/verify/", {
      json: { token: me.access },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    const bad = await call(target, "POST", "/api/auth/token/verify/", {
      json: { token: `${me.access}x` },
    });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ detail: "Token is invalid or expired", code: "token_not_valid" });
  });

  it("me: the profile; anonymous 401 with WWW-Authenticate", async () => {
    const { target } = get();
    const me = await signUp(target);
    const res = await call(target, "GET", "/api/auth/me/", { token: me.access });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: me.id,
      username: me.username,
      email: `${me.username}@example.com`,
      first_name: "",
      last_name: "",
      is_staff: false,
      date_joined: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    const anon = await call(target, "GET", "/api/auth/me");
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ detail: "Authentication credentials were not provided." });
    expect(anon.headers.get("www-authenticate")).toBe('Bearer realm="api"');
  });

  it("password change: 204, refresh tokens revoked, the new password logs in", async () => {
    const { target } = get();
    const me = await signUp(target);
    const next = "Green-Valley-77q";
    const res = await call(target, "POST", "/api/auth/password/change/", {
      token: me.access,
      json: { old_password: me.password, new_password: next, new_password2: next },
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    const stale = await call(target, "POST", "/api/auth/token/refresh/", {
      json: { refresh: me.refresh },
    });
    expect(stale.status).toBe(401);
    expect(stale.body).toEqual(BLACKLISTED);
    await expect(login(target, me.username, me.password)).rejects.toThrow(/401/);
    expect((await login(target, me.username, next)).access).toEqual(expect.any(String));
  });

  it("logout: 205, then the refresh token is 401", async () => {
    const { target } = get();
    const me = await signUp(target);
    const res = await call(target, "POST", "/api/auth/logout/", {
      token: me.access,
      json: { refresh: me.refresh },
    });
    expect(res.status).toBe(205);
    expect(res.body).toBeNull();
    const after = await call(target, "POST", "/api/auth/token/refresh/", {
      json: { refresh: me.refresh },
    });
    expect(after.status).toBe(401);
    expect(after.body).toEqual(BLACKLISTED);
  });

  it("DELETE me: 204 with the password; the account is gone", async () => {
    const { target } = get();
    const me = await signUp(target);
    await call(target, "POST", "/api/resumes/", {
      token: me.access,
      json: { title: "Doomed", content: "# x" },
    });
    const wrong = await call(target, "DELETE", "/api/auth/me/", {
      token: me.access,
      json: { password: "Wrong-Harbor-42x" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ password: ["Password is incorrect."] });
    const res = await call(target, "DELETE", "/api/auth/me/", {
      token: me.access,
      json: { password: me.password },
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    const gone = await call(target, "GET", "/api/auth/me/", { token: me.access });
    expect(gone.status).toBe(401);
    expect(gone.body).toEqual({ detail: "User not found", code: "user_not_found" });
    await expect(login(target, me.username, me.password)).rejects.toThrow(/401/);
  });
});
