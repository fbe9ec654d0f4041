import { eq } from "drizzle-orm";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client";
import { createPostgresDatabase } from "../../src/db/postgres";
import { PRIMARY_PIN_SECONDS } from "../../src/db/read-routing";
import { authUser, resume } from "../../src/db/schema";
import { prepareDatabase } from "../../src/entry/node-deps";
import { onServer } from "../helpers/databases";
import { createTestContext, type TestContext, testConfig, uniqueName } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/**
 * Read replicas, proven with a second database on the same server standing in as the replica:
 * a marker row exists only there, so whichever database answered is visible in the response.
 */
const primaryUrl = process.env.TEST_DATABASE_URL ?? "";
const replicaUrl = (() => {
  if (!primaryUrl) return "";
  const u = new URL(primaryUrl);
  u.pathname = `${u.pathname}_replica`;
  return u.toString();
})();
const replicaName = replicaUrl ? new URL(replicaUrl).pathname.slice(1) : "";

const admin = <T>(fn: (sql: postgres.Sql) => Promise<T>) => onServer(primaryUrl, fn);

let replicaOnly: Database;
let database: Database;
let t: TestContext;
const MARKER = `only-on-replica-${uniqueName()}`;

beforeAll(async () => {
  if (!primaryUrl) return;
  await admin(async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE "${replicaName}"`);
  });
  replicaOnly = createPostgresDatabase(replicaUrl, [], { max: 2 });
  await prepareDatabase(replicaOnly, testConfig(), {
    hasher: { iterations: 1000, webCryptoMaxIterations: Number.POSITIVE_INFINITY },
  });
  database = createPostgresDatabase(primaryUrl, [replicaUrl], { max: 2 });
  // A replica serves once a probe has measured its lag (the Node entry probes on a timer).
  await database.maintain?.();
  t = await createTestContext({ database });
}, 60_000);

afterAll(async () => {
  if (!primaryUrl) return;
  await t?.close();
  await database?.close();
  await replicaOnly?.close();
  await admin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`));
});

/** The same user on the "replica" (replication would have copied it), plus a marker resume. */
async function seedReplica(user: { id: number; username: string }) {
  await replicaOnly.db.insert(authUser).values({
    id: user.id,
    username: user.username,
    email: `${user.username}@example.com`,
    password: "!unusable",
  });
  await replicaOnly.db.insert(resume).values({ userId: user.id, title: MARKER, content: "x" });
}

const titles = async (res: Response) =>
  ((await res.json()) as Array<{ title: string }>).map((r) => r.title);

describe.skipIf(!primaryUrl)("read replicas (DATABASE_REPLICA_URLS)", () => {
  it("serves GET reads from the replica and pins a writer's reads to the primary", async () => {
    const user = await createUserWithToken(t);
    await seedReplica(user);
    const read = () => t.request("/api/resumes/", { token: user.token });

    const first = await read();
    expect(first.status).toBe(200);
    expect(await titles(first)).toEqual([MARKER]);

    const created = await t.request("/api/resumes/", {
      method: "POST",
      token: user.token,
      json: { title: "Written to the primary", content: "# CV" },
    });
    expect(created.status).toBe(201);
    // The replica has not "caught up": the writer's next reads come from the primary.
    expect(await titles(await read())).toEqual(["Written to the primary"]);
    // Other users keep reading from the replica meanwhile.
    const other = await createUserWithToken(t);
    await seedReplica(other);
    expect(await titles(await t.request("/api/resumes/", { token: other.token }))).toEqual([
      MARKER,
    ]);
    // Once the pin expires, reads return to the replica.
    t.clock.advance(PRIMARY_PIN_SECONDS * 1000);
    expect(await titles(await read())).toEqual([MARKER]);
  });

  it("rotates reads over replicas per query and sends writes through reader to the primary", async () => {
    const both = createPostgresDatabase(primaryUrl, [replicaUrl, primaryUrl], { max: 1 });
    try {
      await both.maintain?.();
      const user = await createUserWithToken(t);
      await seedReplica(user);
      const seen: number[] = [];
      for (let i = 0; i < 4; i++) {
        const rows = await both.reader.select().from(resume).where(eq(resume.title, MARKER));
        seen.push(rows.filter((r) => r.userId === user.id).length);
      }
      expect(seen).toEqual([1, 0, 1, 0]);
      const title = uniqueName("via-reader");
      await both.reader.insert(resume).values({ userId: user.id, title, content: "x" });
      const onPrimary = await both.db.select().from(resume).where(eq(resume.title, title));
      const onReplica = await replicaOnly.db.select().from(resume).where(eq(resume.title, title));
      expect([onPrimary.length, onReplica.length]).toEqual([1, 0]);
    } finally {
      await both.close();
    }
  });

  it("stays ready when a replica does not answer: readiness is the primary's", async () => {
    const broken = createPostgresDatabase(primaryUrl, ["postgres://postgres@127.0.0.1:1/none"], {
      max: 1,
    });
    try {
      await broken.maintain?.();
      await expect(broken.ping()).resolves.toBeUndefined();
      expect(broken.replicas?.counts()).toEqual({ ok: 0, ejected: 1, lagging: 0 });
    } finally {
      await broken.close();
    }
  });
});

describe.skipIf(!primaryUrl)("read replicas: the store calls of one request", () => {
  it("looks up the read pin beside the throttle counter, not after it", async () => {
    let inFlight = 0;
    let most = 0;
    const slow =
      <T>(call: () => Promise<T>) =>
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          await new Promise((r) => setTimeout(r, 50));
          return await call();
        } finally {
          inFlight--;
        }
      };
    const kv = t.deps.kv;
    const counted = await createTestContext({
      database,
      env: { THROTTLE_ENABLED: "true" },
      deps: {
        kv: {
          ...kv,
          get: (key) => slow(() => kv.get(key))(),
          incr: (key, ttl) => slow(() => kv.incr(key, ttl))(),
        },
      },
    });
    try {
      const user = await createUserWithToken(counted);
      const res = await counted.request("/api/resumes/", { token: user.token });
      expect(res.status).toBe(200);
      // The user's throttle counter and the user's read pin were in flight together.
      expect(most).toBe(2);
    } finally {
      await counted.close();
    }
  });
});
