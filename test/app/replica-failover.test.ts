import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger";
import type { Database } from "../../src/db/client";
import { createPostgresDatabase } from "../../src/db/postgres";
import { authUser, resume } from "../../src/db/schema";
import { openNodeDatabase, prepareDatabase } from "../../src/entry/node-deps";
import { createNodeMetrics } from "../../src/entry/node-metrics";
import { databaseUrl, onServer } from "../helpers/databases";
import { createTestContext, type TestContext, testConfig, uniqueName } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";
import { closedPort, faultyProxy } from "../helpers/tcp-fault";

/**
 * Replica failover on real PostgreSQL (issue 17): a replica that refuses, one that accepts and
 * never answers, and a second database posing as a replica behind a proxy that can hang, refuse
 * or (with shadowed replay functions) lag. Reads answer 200 from the primary meanwhile; /ready
 * stays 200 and reports the replica; the incident is logged once. Times are asserted against the
 * next timeout that would have elapsed, not tight bounds.
 */
const primaryUrl = process.env.TEST_DATABASE_URL ?? "";
const CONNECT_MS = 1_000;
const STATEMENT_MS = 1_500;
const env = {
  DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
  DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
};

const replicaName = primaryUrl ? `${new URL(primaryUrl).pathname.slice(1)}_failover` : "";

const admin = <T>(fn: (sql: postgres.Sql) => Promise<T>) => onServer(primaryUrl, fn);

let replicaOnly: Database;
const MARKER = `only-on-replica-${uniqueName()}`;

beforeAll(async () => {
  if (!primaryUrl) return;
  await admin(async (sql) => {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE "${replicaName}"`);
    // Lets the test shadow pg_catalog's replay functions with its own (see `lagBy`).
    await sql.unsafe(`ALTER DATABASE "${replicaName}" SET search_path = public, pg_catalog`);
  });
  replicaOnly = createPostgresDatabase(databaseUrl(primaryUrl, replicaName), [], { max: 2 });
  await prepareDatabase(replicaOnly, testConfig(), {
    hasher: { iterations: 1000, webCryptoMaxIterations: Number.POSITIVE_INFINITY },
  });
}, 60_000);

afterAll(async () => {
  if (!primaryUrl) return;
  await replicaOnly?.close();
  await admin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`));
});

/** The app over the primary plus `replicaUrl`, probed on the Node entry's timer. */
async function contextWith(replicaUrl: string) {
  const logger = createMemoryLogger("debug");
  const config = testConfig({
    ...env,
    DATABASE_URL: primaryUrl,
    DATABASE_REPLICA_URLS: replicaUrl,
  });
  const database = await openNodeDatabase(config, logger);
  const t = await createTestContext({ database, env });
  return { t, logger, database };
}

/** A user whose resume on the primary is PRIMARY, and on the "replica" MARKER. */
async function userOnBoth(t: TestContext): Promise<TestUser> {
  const user = await createUserWithToken(t);
  await t.deps.database.db
    .insert(resume)
    .values({ userId: user.id, title: "PRIMARY", content: "x" });
  await replicaOnly.db.insert(authUser).values({
    id: user.id,
    username: user.username,
    email: `${user.username}@example.com`,
    password: "!unusable",
  });
  await replicaOnly.db.insert(resume).values({ userId: user.id, title: MARKER, content: "x" });
  return user;
}

/** A timed read of the user's resumes: status, titles, milliseconds. */
async function read(t: TestContext, user: TestUser) {
  const started = performance.now();
  const res = await t.request("/api/resumes/", { token: user.token });
  const body = (await res.json()) as Array<{ title: string }>;
  return { status: res.status, titles: body.map((r) => r.title), ms: performance.now() - started };
}

async function ready(t: TestContext) {
  const res = await t.request("/ready");
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls /ready until the replica counts match (the background probe's pace), or fails. */
async function untilReplicas(t: TestContext, want: Record<string, number>, withinMs = 15_000) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const { body } = await ready(t);
    if (JSON.stringify(body.replicas) === JSON.stringify(want)) return;
    if (Date.now() > deadline) expect(body.replicas).toEqual(want);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const logged = (lines: string[], msg: string) => lines.filter((l) => l.includes(`"${msg}"`));

describe.skipIf(!primaryUrl)("replica failover (real PostgreSQL)", () => {
  const cases = [
    ["refuses connections", async () => ({ port: await closedPort(), close: async () => {} })],
    ["accepts and never answers", async () => faultyProxy(null, "hang")],
  ] as const;

  it.each(cases)(
    "a replica that %s: reads answer 200 from the primary, /ready 200",
    async (_, open) => {
      const hole = await open();
      const { t, logger, database } = await contextWith(
        `postgres://postgres@127.0.0.1:${hole.port}/none`,
      );
      try {
        const user = await userOnBoth(t);
        // The first read included: the replica is not used before a probe has measured it.
        for (let i = 0; i < 5; i++) {
          const r = await read(t, user);
          expect([r.status, r.titles]).toEqual([200, ["PRIMARY"]]);
          expect(r.ms).toBeLessThan(CONNECT_MS);
        }
        await untilReplicas(t, { ok: 0, ejected: 1, lagging: 0 });
        const reads = await Promise.all(Array.from({ length: 20 }, () => read(t, user)));
        expect(reads.map((r) => [r.status, r.titles])).toEqual(reads.map(() => [200, ["PRIMARY"]]));
        expect(Math.max(...reads.map((r) => r.ms))).toBeLessThan(CONNECT_MS);
        expect(await ready(t)).toEqual({
          status: 200,
          body: {
            status: "ok",
            checks: { database: "ok" },
            replicas: { ok: 0, ejected: 1, lagging: 0 },
          },
        });
        expect(logged(logger.lines, "database replica ejected")).toHaveLength(1);
        // The same states on /metrics (Node), read at scrape time.
        const text = await createNodeMetrics(database.replicas).registry.metrics();
        expect(text).toContain('resumate_db_replicas{state="ejected"} 1');
        expect(text).toContain('resumate_db_replicas{state="ok"} 0');
        expect(text).toMatch(/resumate_db_replica_ejections\{replica="127\.0\.0\.1:\d+\/none"\} 1/);
      } finally {
        await t.close();
        await database.close();
        await hole.close();
      }
    },
    30_000,
  );
});

/** Shadows pg_catalog's replay functions on the "replica": it reports `ms` of lag (null: none). */
async function lagBy(ms: number | null) {
  const sql = postgres(databaseUrl(primaryUrl, replicaName), { max: 1, onnotice: () => {} });
  try {
    if (ms === null) {
      await sql.unsafe(`drop function if exists public.pg_last_wal_receive_lsn();
        drop function if exists public.pg_last_wal_replay_lsn();
        drop function if exists public.pg_last_xact_replay_timestamp();`);
      return;
    }
    await sql.unsafe(`create or replace function public.pg_last_wal_receive_lsn() returns pg_lsn
        language sql as $$ select '0/2'::pg_lsn $$;
      create or replace function public.pg_last_wal_replay_lsn() returns pg_lsn
        language sql as $$ select '0/1'::pg_lsn $$;
      create or replace function public.pg_last_xact_replay_timestamp() returns timestamptz
        language sql as $$ select now() - interval '${ms / 1000} seconds' $$;`);
  } finally {
    await sql.end();
  }
}

describe.skipIf(!primaryUrl)(
  "a serving replica that fails (real PostgreSQL behind a proxy)",
  () => {
    it("hangs, refuses, comes back, lags: every read answers 200; logged once per incident", async () => {
      const u = new URL(primaryUrl);
      const proxy = await faultyProxy(
        { host: u.hostname, port: Number(u.port || 5432) },
        "forward",
      );
      const proxied = new URL(databaseUrl(primaryUrl, replicaName));
      proxied.host = `127.0.0.1:${proxy.port}`;
      const { t, logger, database } = await contextWith(proxied.toString());
      const expectRead = async (title: string, withinMs: number) => {
        const r = await read(t, user);
        expect([r.status, r.titles]).toEqual([200, [title]]);
        expect(r.ms).toBeLessThan(withinMs);
      };
      const user = await userOnBoth(t);
      try {
        await untilReplicas(t, { ok: 1, ejected: 0, lagging: 0 });
        await expectRead(MARKER, CONNECT_MS);

        // Hung on an open connection (SIGSTOP): one statement timeout, then the primary answers.
        await proxy.set("hang");
        await expectRead("PRIMARY", 2 * STATEMENT_MS);
        for (let i = 0; i < 10; i++) await expectRead("PRIMARY", CONNECT_MS);
        expect(await ready(t)).toMatchObject({ status: 200, body: { replicas: { ejected: 1 } } });

        // Back: a background probe returns it to rotation (the held bytes are delivered).
        await proxy.set("forward");
        await untilReplicas(t, { ok: 1, ejected: 0, lagging: 0 });
        await expectRead(MARKER, CONNECT_MS);

        // Refused on open connections: the read that hits it is retried on the primary.
        await proxy.set("refuse");
        await expectRead("PRIMARY", CONNECT_MS);
        await expectRead("PRIMARY", CONNECT_MS);
        await proxy.set("forward");
        await untilReplicas(t, { ok: 1, ejected: 0, lagging: 0 });

        // Lagging past DATABASE_REPLICA_MAX_LAG_MS: skipped until it catches up.
        await lagBy(60_000);
        await untilReplicas(t, { ok: 0, ejected: 0, lagging: 1 });
        await expectRead("PRIMARY", CONNECT_MS);
        await lagBy(null);
        await untilReplicas(t, { ok: 1, ejected: 0, lagging: 0 });
        await expectRead(MARKER, CONNECT_MS);

        expect(logged(logger.lines, "database replica ejected")).toHaveLength(2);
        expect(logged(logger.lines, "database replica back")).toHaveLength(2);
        expect(logged(logger.lines, "database replica lagging")).toHaveLength(1);
        expect(logged(logger.lines, "database replica caught up")).toHaveLength(1);
      } finally {
        await lagBy(null);
        await t.close();
        await database.close();
        await proxy.close();
      }
    }, 60_000);
  },
);
