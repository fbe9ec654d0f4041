import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPersonalToken } from "../../src/core/personal-tokens";
import type { TokenScope } from "../../src/core/scope-names";
import type { Database, NotificationListener } from "../../src/db/client";
import { personalToken } from "../../src/db/schema";
import { cachedGrant, fillAfter } from "../../src/features/auth/tokens/tokens.cache";
import { findTokenWithUser, REVOKED_CHANNEL } from "../../src/features/auth/tokens/tokens.queries";
import {
  createTestContext,
  openTestDatabase,
  type TestContext,
  uniqueName,
  usingRealPostgres,
} from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";
import { feedRecorder } from "../helpers/notifications";

/**
 * The personal-token lookup cached per instance over PostgreSQL (tokens.cache.ts), kept coherent
 * by LISTEN/NOTIFY: two instances (each its own pool and listening connection) on one database.
 * A hit is told from a read by changing the row's scopes behind the app's back (the app never
 * updates them): a hit answers with the scopes it cached, a read with the row's.
 */
describe.skipIf(!usingRealPostgres)("personal tokens across instances (PostgreSQL)", () => {
  let one: TestContext;
  let two: TestContext;
  let feed: ReturnType<typeof feedRecorder>;
  beforeAll(async () => {
    one = await createTestContext({ database: await openTestDatabase() });
    two = await createTestContext({ database: await openTestDatabase() });
    feed = feedRecorder();
    one.deps.database.notifications?.listen(REVOKED_CHANNEL, feed.listener);
    await feed.waitFor("up");
  });
  afterAll(async () => {
    for (const t of [one, two]) {
      await t.close();
      await t.deps.database.close();
    }
  });

  const INVALID = {
    detail: "Given token not valid for any token type",
    code: "token_not_valid",
    messages: [
      { token_class: "AccessToken", token_type: "access", message: "Token is invalid or expired" },
    ],
  };
  const NO_SCOPE = { detail: 'This token does not have the scope "account:read".' };

  async function mint(t: TestContext, user: TestUser) {
    const res = await t.request("/api/auth/tokens/", {
      method: "POST",
      token: user.token,
      json: { name: "script", scopes: ["account:read"] },
    });
    expect(res.status).toBe(201);
    const { id, token } = (await res.json()) as { id: number; token: string };
    return { id, token, hash: await hashPersonalToken(token) };
  }

  /** Changes the row's scopes without telling any cache (no statement of the app does this). */
  const setScopes = (database: Database, id: number, scopes: TokenScope[]) =>
    database.db.update(personalToken).set({ scopes }).where(eq(personalToken.id, id));

  const me = async (t: TestContext, token: string) => {
    const res = await t.request("/api/auth/me/", { token });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** `one` answers from its cache: 200 although the row no longer grants account:read. */
  async function expectCachedInOne(pat: { id: number; token: string }) {
    expect((await me(one, pat.token)).status).toBe(200); // a read that fills the cache
    await setScopes(two.deps.database, pat.id, ["ai"]);
    expect(await me(two, pat.token)).toEqual({ status: 403, body: NO_SCOPE }); // the row
    expect((await me(one, pat.token)).status).toBe(200); // the cached grant: a hit
  }

  it("a token revoked on one instance is refused by the other once the commit's notification arrives", async () => {
    const user = await createUserWithToken(one);
    const pat = await mint(one, user);
    await expectCachedInOne(pat);
    const mark = feed.mark();
    const del = await two.request(`/api/auth/tokens/${pat.id}/`, {
      method: "DELETE",
      token: user.token,
    });
    expect(del.status).toBe(204);
    await feed.waitFor(`notify:${pat.hash}`, mark);
    expect(await me(one, pat.token)).toEqual({ status: 401, body: INVALID });
  });

  it("a password change and the account's deletion on one instance revoke on the other", async () => {
    const password = "Vq7#mulberry-Lantern";
    const username = uniqueName();
    const registered = await two.request("/api/auth/register/", {
      method: "POST",
      json: { username, email: `${username}@example.com`, password, password2: password },
    });
    expect(registered.status).toBe(201);
    const login = await two.request("/api/auth/token/", {
      method: "POST",
      json: { username, password },
    });
    const { access } = (await login.json()) as { access: string };
    const session = { id: 0, username, token: access };

    const first = await mint(two, session);
    await expectCachedInOne(first);
    let mark = feed.mark();
    const fresh = "Fresh-Orchard-77";
    const changed = await two.request("/api/auth/password/change/", {
      method: "POST",
      token: access,
      json: { old_password: password, new_password: fresh, new_password2: fresh },
    });
    expect(changed.status).toBe(204);
    await feed.waitFor(`notify:${first.hash}`, mark);
    expect(await me(one, first.token)).toEqual({ status: 401, body: INVALID });

    const second = await mint(two, session);
    await expectCachedInOne(second);
    mark = feed.mark();
    const gone = await two.request("/api/auth/me/", {
      method: "DELETE",
      token: access,
      json: { password: fresh },
    });
    expect(gone.status).toBe(204);
    await feed.waitFor(`notify:${second.hash}`, mark);
    // The token's own refusal, not "User not found" from a grant cached for a deleted user.
    expect(await me(one, second.token)).toEqual({ status: 401, body: INVALID });
  });

  it("a lost listening connection empties the cache; LISTEN again before it fills", async () => {
    const user = await createUserWithToken(one);
    const pat = await mint(one, user);
    await expectCachedInOne(pat);
    const mark = feed.mark();
    // Both instances' listeners, as a server restart or a network drop would close them.
    await two.deps.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'resumate listen' and datname = current_database()
            and pid <> pg_backend_pid()`,
    );
    await feed.waitFor("down", mark);
    await feed.waitFor("up", mark);
    expect(await me(one, pat.token)).toEqual({ status: 403, body: NO_SCOPE }); // read again
    await setScopes(two.deps.database, pat.id, ["account:read"]);
    expect((await me(one, pat.token)).status).toBe(403); // ...and cached again
  });

  it("a read that a revocation overtakes does not fill the cache", async () => {
    const user = await createUserWithToken(one);
    const pat = await mint(one, user);
    const database = one.deps.database;
    const mark = feed.mark();
    // The lookup's read, with the revocation committed on the other instance (and its
    // notification heard here) after the row was read and before the fill.
    const filled = await fillAfter(database, pat.hash, async () => {
      const row = await findTokenWithUser(database.db, pat.hash);
      if (!row) throw new Error("the token should exist");
      const del = await two.request(`/api/auth/tokens/${pat.id}/`, {
        method: "DELETE",
        token: user.token,
      });
      expect(del.status).toBe(204);
      await feed.waitFor(`notify:${pat.hash}`, mark);
      return { id: row.id, userId: row.user.id, scopes: row.scopes as TokenScope[], exp: null };
    });
    expect(filled.id).toBe(pat.id);
    expect(cachedGrant(database, pat.hash, one.clock.now())).toBeUndefined();
    expect(await me(one, pat.token)).toEqual({ status: 401, body: INVALID });
  });

  it("the cache is off while the feed is down, and notified hashes are dropped", async () => {
    // The same database with a feed the test drives, as the listener would.
    let feedOf: NotificationListener | undefined;
    const database: Database = {
      ...one.deps.database,
      notifications: {
        listen(_channel, listener) {
          feedOf = listener;
        },
      },
    };
    const t = await createTestContext({ database });
    try {
      const user = await createUserWithToken(t);
      const pat = await mint(t, user);
      const scopes = (list: TokenScope[]) => setScopes(database, pat.id, list);
      expect((await me(t, pat.token)).status).toBe(200); // not live yet: a read, no fill
      await scopes(["ai"]);
      expect((await me(t, pat.token)).status).toBe(403);
      feedOf?.live(true);
      expect((await me(t, pat.token)).status).toBe(403); // fills
      await scopes(["account:read"]);
      expect((await me(t, pat.token)).status).toBe(403); // a hit
      feedOf?.live(false);
      expect((await me(t, pat.token)).status).toBe(200); // emptied, and off
      await scopes(["ai"]);
      expect((await me(t, pat.token)).status).toBe(403); // still off: nothing was filled
      feedOf?.live(true);
      expect((await me(t, pat.token)).status).toBe(403); // fills
      await scopes(["account:read"]);
      feedOf?.notify(pat.hash);
      expect((await me(t, pat.token)).status).toBe(200); // dropped: read again
    } finally {
      await t.close();
    }
  });
});
