import { pbkdf2Sync } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nowSeconds } from "../../src/core/clock";
import { createHashQueue } from "../../src/core/limit";
import { executeRows } from "../../src/db/client";
import {
  aiUsage,
  authUser,
  jobApplication,
  resume,
  revokedToken,
  tokenCutoff,
} from "../../src/db/schema";
import { pruneExpiredRevocations } from "../../src/features/auth/revocations";
import {
  createTestContext,
  TEST_SECRET,
  type TestContext,
  uniqueName,
  usingRealPostgres,
} from "../helpers/deps";

let t: TestContext;
const hashed: number[] = [];
beforeAll(async () => {
  t = await createTestContext();
  t.deps.hasher.onWebCrypto = (n) => hashed.push(n);
});
afterAll(() => t.close());

const PASSWORD = "Vq7#mulberry-Lantern";
const INVALID = { detail: "Token is invalid or expired", code: "token_not_valid" };
const BLACKLISTED = { detail: "Token is blacklisted", code: "token_not_valid" };
const NO_ACCOUNT = { detail: "No active account found with the given credentials" };
const secrets: string[] = [PASSWORD];

interface Pair {
  refresh: string;
  access: string;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
}

const post = (path: string, json: unknown, token?: string) =>
  t.request(path, { method: "POST", json, token });

async function register(username = uniqueName(), password = PASSWORD) {
  const res = await post("/api/auth/register/", {
    username,
    email: `${username}@example.com`,
    password,
    password2: password,
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: number };
  return { id: body.id, username, password };
}

async function login(username: string, password = PASSWORD): Promise<Pair> {
  const res = await post("/api/auth/token/", { username, password });
  expect(res.status).toBe(200);
  const pair = (await res.json()) as Pair;
  secrets.push(pair.access, pair.refresh);
  return pair;
}

async function refresh(token: string) {
  const res = await post("/api/auth/token/refresh/", { refresh: token });
  const body = (await res.json()) as Pair & Record<string, unknown>;
  if (res.status === 200) secrets.push(body.access, ...(body.refresh ? [body.refresh] : []));
  return { status: res.status, body };
}

/** A token as the Django service mints it: simplejwt claims, string user_id, no family. */
async function djangoToken(userId: number, type: "access" | "refresh", iat = nowSeconds(t.clock)) {
  const token = await new SignJWT({
    token_type: type,
    exp: iat + (type === "access" ? 300 : 86400),
    iat,
    jti: crypto.randomUUID().replaceAll("-", ""),
    user_id: String(userId),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(TEST_SECRET));
  secrets.push(token);
  return token;
}

describe("POST /api/auth/register/", () => {
  it("creates the user with a Django pbkdf2 hash", async () => {
    const username = uniqueName();
    const res = await post("/api/auth/register", {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
      password2: PASSWORD,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number };
    expect(body).toEqual({ id: expect.any(Number), username, email: `${username}@example.com` });
    const [row] = await t.deps.database.db.select().from(authUser).where(eq(authUser.id, body.id));
    expect(row?.password).toMatch(/^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$[\w+/]{43}=$/);
    expect(row?.isActive).toBe(true);
    expect(row?.isStaff).toBe(false);
  });

  it("requires every field", async () => {
    const res = await post("/api/auth/register/", {});
    expect(res.status).toBe(400);
    const required = ["This field is required."];
    expect(await res.json()).toEqual({
      username: required,
      email: required,
      password: required,
      password2: required,
    });
  });

  it("validates username characters and length, and the email", async () => {
    const res = await post("/api/auth/register/", {
      username: "bad name!",
      email: "not-an-email",
      password: PASSWORD,
      password2: PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      username: [
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
      ],
      email: ["Enter a valid email address."],
    });
    const long = await post("/api/auth/register/", {
      username: "a".repeat(151),
      email: "x@example.com",
      password: PASSWORD,
      password2: PASSWORD,
    });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({
      username: ["Ensure this field has no more than 150 characters."],
    });
  });

  it("refuses lone surrogates in the email, as in any other text field", async () => {
    for (const [email, code] of [
      ["ann\uD800@example.com", "U+D800"],
      ["ann@exam\uDC00ple.com", "U+DC00"],
    ] as const) {
      const username = uniqueName();
      const res = await post("/api/auth/register/", {
        username,
        email,
        password: PASSWORD,
        password2: PASSWORD,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        email: [`Surrogate characters are not allowed: ${code}.`],
      });
    }
  });

  it("reports all password validator errors together", async () => {
    const weak = await post("/api/auth/register/", {
      username: uniqueName(),
      email: "weak@example.com",
      password: "1234567",
      password2: "1234567",
    });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toEqual({
      password: [
        "This password is too short. It must contain at least 8 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
      ],
    });
    const username = `marguerite_${uniqueName("x")}`;
    const similar = await post("/api/auth/register/", {
      username,
      email: "someone@example.com",
      password: username.toUpperCase(),
      password2: username.toUpperCase(),
    });
    expect(similar.status).toBe(400);
    expect(await similar.json()).toEqual({
      password: ["The password is too similar to the username."],
    });
    const byEmail = await post("/api/auth/register/", {
      username: uniqueName(),
      email: "wolfgang.amadeus@example.com",
      password: "amadeuswolf",
      password2: "amadeuswolf",
    });
    expect(byEmail.status).toBe(400);
    expect(await byEmail.json()).toEqual({
      password: ["The password is too similar to the email address."],
    });
  });

  it("checks that the passwords match once every field is valid", async () => {
    const body = { username: uniqueName(), email: "m@example.com", password: PASSWORD };
    const res = await post("/api/auth/register/", { ...body, password2: `${PASSWORD}x` });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ password: ["Password fields didn't match."] });
    const both = await post("/api/auth/register/", { ...body, email: "x", password2: "other" });
    expect(await both.json()).toEqual({ email: ["Enter a valid email address."] });
  });

  it("refuses a taken username, case-sensitively", async () => {
    const { username } = await register(`Case_${uniqueName("u")}`);
    const again = await post("/api/auth/register/", {
      username,
      email: "dup@example.com",
      password: PASSWORD,
      password2: PASSWORD,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ username: ["A user with that username already exists."] });
    await register(username.toLowerCase());
  });

  it("concurrent registrations of one name: one 201, the others the same 400", async () => {
    const username = uniqueName();
    const body = { username, email: "c@example.com", password: PASSWORD, password2: PASSWORD };
    const results = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const res = await post("/api/auth/register/", body);
        return { status: res.status, body: await res.json() };
      }),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r).toEqual({
        status: 400,
        body: { username: ["A user with that username already exists."] },
      });
    }
  });
});

describe("POST /api/auth/token/", () => {
  it("answers a simplejwt pair for the right password", async () => {
    const user = await register();
    const pair = await login(user.username);
    expect(Object.keys(pair).sort()).toEqual(["access", "refresh"]);
    const access = claimsOf(pair.access);
    const refreshClaims = claimsOf(pair.refresh);
    expect(access).toMatchObject({ token_type: "access", user_id: user.id });
    expect(refreshClaims).toMatchObject({ token_type: "refresh", user_id: user.id });
    expect(Number(access.exp) - Number(access.iat)).toBe(300);
    expect(Number(refreshClaims.exp) - Number(refreshClaims.iat)).toBe(86400);
    expect(refreshClaims.fam).toEqual(expect.any(String));
    const me = await t.request("/api/auth/me/", { token: pair.access });
    expect(me.status).toBe(200);
  });

  it("answers the same 401 for a wrong password, an unknown user and an inactive user", async () => {
    const user = await register();
    const inactive = await register();
    await t.deps.database.db
      .update(authUser)
      .set({ isActive: false })
      .where(eq(authUser.id, inactive.id));
    for (const body of [
      { username: user.username, password: "Wrong-password-42" },
      { username: uniqueName("nobody"), password: PASSWORD },
      { username: inactive.username, password: PASSWORD },
    ]) {
      const res = await post("/api/auth/token/", body);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(NO_ACCOUNT);
    }
  });

  it("costs one hash at the configured iterations even when the user does not exist", async () => {
    hashed.length = 0;
    const res = await post("/api/auth/token/", { username: uniqueName("ghost"), password: "x" });
    expect(res.status).toBe(401);
    expect(hashed).toEqual([1000]);
    const user = await register();
    hashed.length = 0;
    await post("/api/auth/token/", { username: user.username, password: "Wrong-password-42" });
    expect(hashed).toEqual([1000]);
  });

  it("refuses users with an unusable password", async () => {
    const username = uniqueName();
    await t.deps.database.db.insert(authUser).values({ username, password: "!unusable" });
    const res = await post("/api/auth/token/", { username, password: "!unusable" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(NO_ACCOUNT);
  });

  it("requires username and password", async () => {
    const res = await post("/api/auth/token/", { username: "" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      username: ["This field may not be blank."],
      password: ["This field is required."],
    });
  });

  it("logs in a user created by Django and upgrades the hash's iterations", async () => {
    const username = uniqueName("django");
    const salt = "seasalt1234567890abcde";
    const digest = pbkdf2Sync("resumate-pass-1", salt, 500, 32, "sha256").toString("base64");
    const encoded = `pbkdf2_sha256$500$${salt}$${digest}`;
    const [row] = await t.deps.database.db
      .insert(authUser)
      .values({ username, password: encoded })
      .returning({ id: authUser.id });
    await login(username, "resumate-pass-1");
    const [after] = await t.deps.database.db
      .select({ password: authUser.password })
      .from(authUser)
      .where(eq(authUser.id, row?.id ?? 0));
    expect(after?.password).toMatch(/^pbkdf2_sha256\$1000\$/);
    await login(username, "resumate-pass-1");
    secrets.push("resumate-pass-1");
  });
});

describe("POST /api/auth/token/refresh/", () => {
  it("as simplejwt's defaults: {access} only, and the refresh token stays valid", async () => {
    const user = await register();
    const pair = await login(user.username);
    for (let i = 0; i < 3; i++) {
      const next = await refresh(pair.refresh);
      expect(next.status).toBe(200);
      expect(Object.keys(next.body)).toEqual(["access"]);
      expect(claimsOf(next.body.access)).toMatchObject({ token_type: "access", user_id: user.id });
      const me = await t.request("/api/auth/me/", { token: next.body.access });
      expect(me.status).toBe(200);
    }
    const verify = await post("/api/auth/token/verify/", { token: pair.refresh });
    expect(verify.status).toBe(200);
  });

  it("concurrent refreshes with one token all succeed (no rotation, no reuse detection)", async () => {
    const user = await register();
    const pair = await login(user.username);
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(pair.refresh)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("a Django-minted refresh token refreshes again and again", async () => {
    const user = await register();
    const token = await djangoToken(user.id, "refresh");
    for (let i = 0; i < 2; i++) {
      const next = await refresh(token);
      expect(next.status).toBe(200);
      expect(Object.keys(next.body)).toEqual(["access"]);
    }
  });

  it("logout still revokes the refresh token", async () => {
    const user = await register();
    const pair = await login(user.username);
    expect((await refresh(pair.refresh)).status).toBe(200);
    const res = await post("/api/auth/logout/", { refresh: pair.refresh }, pair.access);
    expect(res.status).toBe(205);
    expect(await refresh(pair.refresh)).toEqual({ status: 401, body: BLACKLISTED });
    const verify = await post("/api/auth/token/verify/", { token: pair.refresh });
    expect(verify.status).toBe(401);
    expect(await verify.json()).toEqual(BLACKLISTED);
  });

  it("refuses bad, wrong-type and expired tokens", async () => {
    const user = await register();
    const pair = await login(user.username);
    expect(await refresh("garbage")).toEqual({ status: 401, body: INVALID });
    expect(await refresh(pair.access)).toEqual({
      status: 401,
      body: { detail: "Token has wrong type", code: "token_not_valid" },
    });
    t.clock.advance(86_401_000);
    try {
      expect(await refresh(pair.refresh)).toEqual({ status: 401, body: INVALID });
    } finally {
      t.clock.advance(-86_401_000);
    }
    const missing = await post("/api/auth/token/refresh/", {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ refresh: ["This field is required."] });
  });

  it("refuses tokens of inactive or deleted users", async () => {
    const user = await register();
    const pair = await login(user.username);
    await t.deps.database.db
      .update(authUser)
      .set({ isActive: false })
      .where(eq(authUser.id, user.id));
    const body = {
      detail: "No active account found for the given token.",
      code: "no_active_account",
    };
    expect(await refresh(pair.refresh)).toEqual({ status: 401, body });
    const ghost = await djangoToken(2_000_000_000, "refresh");
    expect(await refresh(ghost)).toEqual({ status: 401, body });
  });

  it("refuses user ids no account can have (2^31 and up, fractions) as invalid tokens", async () => {
    for (const id of [2 ** 31, 2 ** 53 - 1, "2147483648", "99999999999999999999"]) {
      const token = await djangoToken(0, "refresh");
      const forged = await new SignJWT({ ...claimsOf(token), user_id: id })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .sign(new TextEncoder().encode(TEST_SECRET));
      expect(await refresh(forged), String(id)).toEqual({
        status: 401,
        body: {
          detail: "Token contained no recognizable user identification",
          code: "token_not_valid",
        },
      });
      const access = await new SignJWT({ ...claimsOf(token), token_type: "access", user_id: id })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .sign(new TextEncoder().encode(TEST_SECRET));
      const me = await t.request("/api/auth/me/", { token: access });
      expect(me.status, String(id)).toBe(401);
      expect(await me.json()).toEqual({
        detail: "Given token not valid for any token type",
        code: "token_not_valid",
        messages: [
          {
            token_class: "AccessToken",
            token_type: "access",
            message: "Token contained no recognizable user identification",
          },
        ],
      });
    }
  });
});

describe("with ROTATE_REFRESH_TOKENS=true", () => {
  // The same database; only the setting differs. The helpers above use `t`.
  let plain: TestContext;
  beforeAll(async () => {
    plain = t;
    t = await createTestContext({
      env: { ROTATE_REFRESH_TOKENS: "true" },
      database: plain.deps.database,
    });
  });
  afterAll(async () => {
    await t.close();
    t = plain;
  });

  it("rotates: a new pair in the same family, and the old token is spent", async () => {
    const user = await register();
    const first = await login(user.username);
    const next = await refresh(first.refresh);
    expect(next.status).toBe(200);
    expect(Object.keys(next.body).sort()).toEqual(["access", "refresh"]);
    expect(next.body.refresh).not.toBe(first.refresh);
    expect(claimsOf(next.body.refresh).fam).toBe(claimsOf(first.refresh).fam);
    expect(claimsOf(next.body.access).user_id).toBe(user.id);
    const me = await t.request("/api/auth/me/", { token: next.body.access });
    expect(me.status).toBe(200);
    const third = await refresh(next.body.refresh);
    expect(third.status).toBe(200);
  });

  it("reuse of a rotated token revokes the whole family", async () => {
    const user = await register();
    const first = await login(user.username);
    const next = await refresh(first.refresh);
    expect(next.status).toBe(200);
    expect(await refresh(first.refresh)).toEqual({ status: 401, body: BLACKLISTED });
    expect(await refresh(next.body.refresh)).toEqual({ status: 401, body: BLACKLISTED });
    // Other sessions of the same user (other families) are not affected.
    const other = await login(user.username);
    expect((await refresh(other.refresh)).status).toBe(200);
  });

  it("lets at most one of several concurrent uses of a token succeed", async () => {
    const user = await register();
    const pair = await login(user.username);
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(pair.refresh)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r).toEqual({ status: 401, body: BLACKLISTED });
    }
  });

  it("accepts a refresh token minted by Django (string user_id, no family)", async () => {
    const user = await register();
    const token = await djangoToken(user.id, "refresh");
    const next = await refresh(token);
    expect(next.status).toBe(200);
    expect(claimsOf(next.body.refresh).fam).toBe(claimsOf(token).jti);
    const access = await djangoToken(user.id, "access");
    const me = await t.request("/api/auth/me/", { token: access });
    expect(me.status).toBe(200);
    // Reusing the Django token revokes the family it roots.
    expect(await refresh(token)).toEqual({ status: 401, body: BLACKLISTED });
    expect(await refresh(next.body.refresh)).toEqual({ status: 401, body: BLACKLISTED });
  });

  it("refuses garbage, foreign algorithms, expired and revoked tokens", async () => {
    const user = await register();
    const pair = await login(user.username);
    const hs512 = await new SignJWT(claimsOf(pair.access))
      .setProtectedHeader({ alg: "HS512", typ: "JWT" })
      .sign(new TextEncoder().encode(TEST_SECRET));
    for (const token of ["garbage", hs512]) {
      const res = await post("/api/auth/token/verify/", { token });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(INVALID);
    }
    expect((await refresh(pair.refresh)).status).toBe(200);
    const spent = await post("/api/auth/token/verify/", { token: pair.refresh });
    expect(spent.status).toBe(401);
    expect(await spent.json()).toEqual(BLACKLISTED);
    t.clock.advance(301_000);
    try {
      const expired = await post("/api/auth/token/verify/", { token: pair.access });
      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual(INVALID);
    } finally {
      t.clock.advance(-301_000);
    }
  });

  it("revokes the refresh token and its family with an empty 205", async () => {
    const user = await register();
    const first = await login(user.username);
    const next = await refresh(first.refresh);
    const res = await post("/api/auth/logout/", { refresh: next.body.refresh }, next.body.access);
    expect(res.status).toBe(205);
    expect(await res.text()).toBe("");
    expect(await refresh(next.body.refresh)).toEqual({ status: 401, body: BLACKLISTED });
    const again = await post("/api/auth/logout/", { refresh: next.body.refresh }, next.body.access);
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual(BLACKLISTED);
  });
});

describe("POST /api/auth/token/verify/", () => {
  it("accepts valid access and refresh tokens with {}", async () => {
    const user = await register();
    const pair = await login(user.username);
    for (const token of [pair.access, pair.refresh, await djangoToken(user.id, "access")]) {
      const res = await post("/api/auth/token/verify/", { token });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
    }
  });
});

describe("POST /api/auth/logout/", () => {
  it("needs a bearer token and the caller's own refresh token", async () => {
    const alice = await register();
    const bob = await register();
    const a = await login(alice.username);
    const b = await login(bob.username);
    const anon = await post("/api/auth/logout/", { refresh: a.refresh });
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ detail: "Authentication credentials were not provided." });
    const foreign = await post("/api/auth/logout/", { refresh: b.refresh }, a.access);
    expect(foreign.status).toBe(401);
    expect(await foreign.json()).toEqual(INVALID);
    expect((await refresh(b.refresh)).status).toBe(200);
    const bad = await post("/api/auth/logout/", { refresh: a.access }, a.access);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ detail: "Token has wrong type", code: "token_not_valid" });
  });
});

describe("GET /api/auth/me/", () => {
  it("describes the signed-in user", async () => {
    const user = await register();
    const pair = await login(user.username);
    const res = await t.request("/api/auth/me", { token: pair.access });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: user.id,
      username: user.username,
      email: `${user.username}@example.com`,
      first_name: "",
      last_name: "",
      is_staff: false,
      // DRF writes isoformat(): no fraction when the microseconds are 0 (a whole second, 1 in 1,000
      // of our millisecond clock's instants).
      date_joined: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/),
    });
  });

  it("is 401 without a token and with a bad one", async () => {
    const anon = await t.request("/api/auth/me/");
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ detail: "Authentication credentials were not provided." });
    const bad = await t.request("/api/auth/me/", { token: "garbage" });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: "token_not_valid" });
  });
});

describe("POST /api/auth/password/change/", () => {
  const change = (token: string, json: Record<string, string>) =>
    post("/api/auth/password/change/", json, token);

  it("validates the old password, the new one and the confirmation", async () => {
    const user = await register();
    const { access } = await login(user.username);
    const wrongOld = await change(access, {
      old_password: "Not-my-password-9",
      new_password: "short",
      new_password2: "short",
    });
    expect(wrongOld.status).toBe(400);
    expect(await wrongOld.json()).toEqual({
      old_password: ["Your old password was entered incorrectly. Please enter it again."],
      new_password: ["This password is too short. It must contain at least 8 characters."],
    });
    const similar = await change(access, {
      old_password: PASSWORD,
      new_password: user.username,
      new_password2: user.username,
    });
    expect(similar.status).toBe(400);
    expect(await similar.json()).toEqual({
      new_password: ["The password is too similar to the username."],
    });
    const mismatch = await change(access, {
      old_password: PASSWORD,
      new_password: "Fresh-Orchard-77",
      new_password2: "Fresh-Orchard-78",
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toEqual({
      new_password2: ["The two password fields didn't match."],
    });
    const missing = await change(access, {});
    expect(missing.status).toBe(400);
    expect(Object.keys((await missing.json()) as object).sort()).toEqual([
      "new_password",
      "new_password2",
      "old_password",
    ]);
  });

  it("changes the password and revokes every earlier refresh token", async () => {
    const user = await register();
    const phone = await login(user.username);
    const laptop = await login(user.username);
    const django = await djangoToken(user.id, "refresh");
    t.clock.advance(1);
    const res = await change(laptop.access, {
      old_password: PASSWORD,
      new_password: "Fresh-Orchard-77",
      new_password2: "Fresh-Orchard-77",
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    secrets.push("Fresh-Orchard-77");
    for (const token of [phone.refresh, laptop.refresh, django]) {
      expect(await refresh(token)).toEqual({ status: 401, body: BLACKLISTED });
    }
    const old = await post("/api/auth/token/", { username: user.username, password: PASSWORD });
    expect(old.status).toBe(401);
    // A login in the same millisecond as the change still works.
    const fresh = await login(user.username, "Fresh-Orchard-77");
    expect((await refresh(fresh.refresh)).status).toBe(200);
  });

  it("needs authentication", async () => {
    const res = await post("/api/auth/password/change/", { old_password: "x" });
    expect(res.status).toBe(401);
  });
});

/** Rows a user owns, made directly with Drizzle as other features would. */
async function ownedRows(ctx: TestContext, userId: number, otherUserId: number) {
  const db = ctx.deps.database.db;
  const [cv] = await db
    .insert(resume)
    .values({ userId, title: "CV", content: "# Me" })
    .returning({ id: resume.id });
  const resumeId = cv?.id ?? 0;
  const [mine] = await db
    .insert(jobApplication)
    .values({ userId, jobTitle: "Dev", resumeUsedId: resumeId })
    .returning({ id: jobApplication.id });
  // Another user's application pointing at this resume (possible in Django-made data).
  const [theirs] = await db
    .insert(jobApplication)
    .values({ userId: otherUserId, jobTitle: "Ops", resumeUsedId: resumeId })
    .returning({ id: jobApplication.id });
  const [usage] = await db
    .insert(aiUsage)
    .values({ userId, outcome: "success" })
    .returning({ id: aiUsage.id });
  await db.insert(tokenCutoff).values({ userId, notBefore: new Date(0) });
  return { resumeId, mine: mine?.id ?? 0, theirs: theirs?.id ?? 0, usage: usage?.id ?? 0 };
}

async function expectDeleted(
  ctx: TestContext,
  userId: number,
  rows: Awaited<ReturnType<typeof ownedRows>>,
) {
  const db = ctx.deps.database.db;
  expect(await db.select().from(authUser).where(eq(authUser.id, userId))).toEqual([]);
  expect(await db.select().from(resume).where(eq(resume.id, rows.resumeId))).toEqual([]);
  expect(await db.select().from(jobApplication).where(eq(jobApplication.id, rows.mine))).toEqual(
    [],
  );
  expect(await db.select().from(tokenCutoff).where(eq(tokenCutoff.userId, userId))).toEqual([]);
  const [theirs] = await db.select().from(jobApplication).where(eq(jobApplication.id, rows.theirs));
  expect(theirs?.resumeUsedId).toBeNull();
  const [usage] = await db.select().from(aiUsage).where(eq(aiUsage.id, rows.usage));
  expect(usage).toMatchObject({ userId: null, outcome: "success" });
}

describe("DELETE /api/auth/me/", () => {
  const remove = (ctx: TestContext, token: string | undefined, json: unknown) =>
    ctx.request("/api/auth/me/", { method: "DELETE", json, token });

  it("checks the password", async () => {
    const user = await register();
    const { access } = await login(user.username);
    const wrong = await remove(t, access, { password: "Not-my-password-9" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ password: ["Password is incorrect."] });
    const missing = await remove(t, access, {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ password: ["This field is required."] });
    const anon = await remove(t, undefined, { password: PASSWORD });
    expect(anon.status).toBe(401);
    expect((await t.request("/api/auth/me/", { token: access })).status).toBe(200);
  });

  it("deletes the account and everything it owns", async () => {
    const user = await register();
    const other = await register();
    const { access, refresh: refreshToken } = await login(user.username);
    const rows = await ownedRows(t, user.id, other.id);
    const res = await remove(t, access, { password: PASSWORD });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectDeleted(t, user.id, rows);
    const me = await t.request("/api/auth/me/", { token: access });
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ detail: "User not found", code: "user_not_found" });
    expect((await refresh(refreshToken)).status).toBe(401);
  });

  // Rewiring foreign keys would disturb other files sharing a real server: PGlite only.
  it.skipIf(usingRealPostgres)(
    "works on a Django-made database without ON DELETE CASCADE, in one transaction",
    async () => {
      const d = await createTestContext({ privateDatabase: true });
      try {
        await asDjangoDatabase(d);
        const reg = await d.request("/api/auth/register/", {
          method: "POST",
          json: {
            username: "dj",
            email: "dj@example.com",
            password: PASSWORD,
            password2: PASSWORD,
          },
        });
        const user = (await reg.json()) as { id: number };
        const [other] = await d.deps.database.db
          .insert(authUser)
          .values({ username: "other", password: "!" })
          .returning({ id: authUser.id });
        const rows = await ownedRows(d, user.id, other?.id ?? 0);
        await d.deps.database.db.execute(
          sql`insert into auth_user_groups (user_id, group_id) values (${user.id}, 1)`,
        );
        const tokenRes = await d.request("/api/auth/token/", {
          method: "POST",
          json: { username: "dj", password: PASSWORD },
        });
        const { access } = (await tokenRes.json()) as Pair;
        secrets.push(access);
        // A table this service does not know still references the user: everything rolls back.
        await d.deps.database.db.execute(
          sql`create table unknown_ref (user_id integer not null references auth_user(id))`,
        );
        await d.deps.database.db.execute(sql`insert into unknown_ref values (${user.id})`);
        const failed = await remove(d, access, { password: PASSWORD });
        expect(failed.status).toBe(500);
        expect(await failed.json()).toEqual({ detail: "Internal server error." });
        const kept = await d.deps.database.db
          .select()
          .from(resume)
          .where(eq(resume.id, rows.resumeId));
        expect(kept).toHaveLength(1);

        await d.deps.database.db.execute(sql`drop table unknown_ref`);
        const res = await remove(d, access, { password: PASSWORD });
        expect(res.status).toBe(204);
        await expectDeleted(d, user.id, rows);
        const groups = await executeRows<{ user_id: number }>(
          d.deps.database.db,
          sql`select user_id from auth_user_groups where user_id = ${user.id}`,
        );
        expect(groups).toEqual([]);
      } finally {
        await d.close();
      }
    },
  );
});

/** Foreign keys as Django creates them: no ON DELETE action in SQL, plus Django's own tables. */
async function asDjangoDatabase(ctx: TestContext) {
  const db = ctx.deps.database.db;
  const fks = [
    ["resume_resume", "user_id", "auth_user"],
    ["job_tracker_jobapplication", "user_id", "auth_user"],
    ["job_tracker_jobapplication", "resume_used_id", "resume_resume"],
    ["resumate_ai_usage", "user_id", "auth_user"],
    ["resumate_token_cutoff", "user_id", "auth_user"],
  ] as const;
  for (const [table, column, target] of fks) {
    const name = `${table}_${column}_${target}_id_fk`;
    await db.execute(sql.raw(`alter table "${table}" drop constraint "${name}"`));
    await db.execute(
      sql.raw(
        `alter table "${table}" add constraint "${name}" foreign key ("${column}") references "${target}"("id")`,
      ),
    );
  }
  await db.execute(
    sql`create table auth_user_groups (id serial primary key, user_id integer not null references auth_user(id), group_id integer not null)`,
  );
}

describe("revocation housekeeping", () => {
  it("prunes expired revocations and stale cutoffs, keeping live ones", async () => {
    const db = t.deps.database.db;
    const now = t.clock.now();
    const expired = uniqueName("expired");
    const live = uniqueName("live");
    await db.insert(revokedToken).values([
      { kind: "jti", id: expired, expiresAt: new Date(now - 1000) },
      { kind: "family", id: live, expiresAt: new Date(now + 1000) },
    ]);
    await pruneExpiredRevocations(db, now, 86400);
    const left = await db.select({ id: revokedToken.id }).from(revokedToken);
    const ids = left.map((r) => r.id);
    expect(ids).toContain(live);
    expect(ids).not.toContain(expired);
  });
});

describe("password hashing under load", () => {
  /** The app's hasher behind a queue whose one slot the test holds until it lets go. */
  async function queued(maxWaitMs: number) {
    const q = await createTestContext({ database: t.deps.database });
    const queue = createHashQueue({ slots: 1, maxWaitMs });
    const asked: string[] = [];
    const started: string[] = [];
    q.deps.hasher.run = (job, priority) => {
      asked.push(priority);
      return queue(() => {
        started.push(priority);
        return job();
      }, priority);
    };
    let letGo = () => {};
    const held = queue(() => new Promise<void>((resolve) => (letGo = resolve)), "other");
    const waitForAsks = async (n: number) => {
      for (let i = 0; i < 500 && asked.length < n; i++) await new Promise((r) => setTimeout(r, 5));
    };
    const release = () => {
      letGo();
      return held;
    };
    return { q, started, waitForAsks, release };
  }

  it("a sign-in goes ahead of a registration that queued before it", async () => {
    const { q, started, waitForAsks, release } = await queued(60_000);
    const user = await register();
    const name = uniqueName();
    const json = { username: name, email: `${name}@example.com`, password: PASSWORD };
    const reg = q.request("/api/auth/register/", {
      method: "POST",
      json: { ...json, password2: PASSWORD },
    });
    await waitForAsks(1);
    const signIn = q.request("/api/auth/token/", {
      method: "POST",
      json: { username: user.username, password: PASSWORD },
    });
    await waitForAsks(2);
    await release();
    expect([(await signIn).status, (await reg).status]).toEqual([200, 201]);
    expect(started).toEqual(["sign-in", "other"]);
    await q.close();
  });

  it("past the bound: a quick 503 with Retry-After in DRF's shape, and nothing is created", async () => {
    const { q, release } = await queued(50);
    const name = uniqueName();
    const res = await q.request("/api/auth/register/", {
      method: "POST",
      json: {
        username: name,
        email: `${name}@example.com`,
        password: PASSWORD,
        password2: PASSWORD,
      },
    });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 503,
      body: { detail: "Service temporarily unavailable, try again later." },
    });
    expect(res.headers.get("retry-after")).toBe("1");
    const rows = await t.deps.database.db
      .select()
      .from(authUser)
      .where(eq(authUser.username, name));
    expect(rows).toEqual([]);
    await release();
    await q.close();
  });
});

describe("logs", () => {
  it("never contain passwords or tokens", () => {
    expect(t.logger.lines.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(20);
    const text = t.logger.lines.join("\n");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
