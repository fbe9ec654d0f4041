import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger";
import type { Database } from "../../src/db/client";
import { PRIMARY_PIN_SECONDS } from "../../src/db/read-routing";
import { openNodeDatabase } from "../../src/entry/node-deps";
import { createTestContext, type TestContext, testConfig } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/**
 * Lag-aware reads on a real streaming replica (opt-in: CI's server allows no replication; set
 * TEST_STREAMING_PRIMARY_URL and TEST_STREAMING_REPLICA_URL to a primary and its hot standby,
 * the standby's user allowed to pause replay). With replay paused, the replica's measured lag
 * passes DATABASE_REPLICA_MAX_LAG_MS and reads go to the primary: a user's new row is found after
 * the read-your-writes pin has expired, and /ready reports the replica as lagging.
 */
const primaryUrl = process.env.TEST_STREAMING_PRIMARY_URL ?? "";
const replicaUrl = process.env.TEST_STREAMING_REPLICA_URL ?? "";
const MAX_LAG_MS = 1_000;

let database: Database;
let t: TestContext;
let standby: postgres.Sql;
const logger = createMemoryLogger("debug");

beforeAll(async () => {
  if (!primaryUrl || !replicaUrl) return;
  const env = { DATABASE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS) };
  const config = testConfig({
    ...env,
    DATABASE_URL: primaryUrl,
    DATABASE_REPLICA_URLS: replicaUrl,
  });
  database = await openNodeDatabase(config, logger);
  t = await createTestContext({ database, env });
  standby = postgres(replicaUrl, { max: 1, onnotice: () => {} });
}, 60_000);

afterAll(async () => {
  if (!primaryUrl || !replicaUrl) return;
  await standby`select pg_wal_replay_resume()`;
  await standby.end();
  await t.close();
  await database.close();
});

async function until(check: () => Promise<boolean>, withinMs = 15_000) {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const replicasNow = async () =>
  ((await (await t.request("/ready")).json()) as { replicas?: Record<string, number> }).replicas;

describe.skipIf(!primaryUrl || !replicaUrl)("a real streaming replica", () => {
  it("with replay paused, reads skip it: a user's new row is found after the pin expires", async () => {
    await until(async () => (await replicasNow())?.ok === 1);
    const user = await createUserWithToken(t);
    await standby`select pg_wal_replay_pause()`;
    const created = await t.request("/api/resumes/", {
      method: "POST",
      token: user.token,
      json: { title: "Written while replay is paused", content: "# CV" },
    });
    expect(created.status).toBe(201);
    await until(async () => (await replicasNow())?.lagging === 1);
    t.clock.advance(PRIMARY_PIN_SECONDS * 1000 + 1);
    const res = await t.request("/api/resumes/", { token: user.token });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Array<{ title: string }>).map((r) => r.title)).toEqual([
      "Written while replay is paused",
    ]);
    expect(await (await t.request("/ready")).json()).toMatchObject({
      status: "ok",
      replicas: { ok: 0, ejected: 0, lagging: 1 },
    });

    await standby`select pg_wal_replay_resume()`;
    await until(async () => (await replicasNow())?.ok === 1);
    const lines = logger.lines.filter((l) => l.includes("database replica lagging"));
    expect(lines).toHaveLength(1);
  }, 60_000);
});
