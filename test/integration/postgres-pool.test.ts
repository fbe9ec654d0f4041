import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client";
import { openNodeDatabase } from "../../src/entry/node-deps";
import { testConfig, usingRealPostgres } from "../helpers/deps";

describe("DATABASE_POOL_MAX", () => {
  it("defaults to 5 connections per pool", () => {
    expect(testConfig().DATABASE_POOL_MAX).toBe(5);
    expect(() => testConfig({ DATABASE_POOL_MAX: "0" })).toThrow(/DATABASE_POOL_MAX/);
  });

  // The embedded database has no pool; on PostgreSQL the Node entry sizes its pool with it.
  it.skipIf(!usingRealPostgres)("bounds the connections the Node entry opens", async () => {
    const config = testConfig({
      DATABASE_URL: process.env.TEST_DATABASE_URL ?? "",
      DATABASE_POOL_MAX: "2",
    });
    const database = await openNodeDatabase(config);
    try {
      const pids = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const rows = rowsOf<{ pid: number }>(
            await database.db.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.02)`),
          );
          return rows[0]?.pid;
        }),
      );
      expect(pids.every((p) => typeof p === "number")).toBe(true);
      expect(new Set(pids).size).toBe(2); // all 12 answered, over exactly two connections
    } finally {
      await database.close();
    }
  });
});

describe("DATABASE_*_TIMEOUT_MS", () => {
  it("defaults suit an API (seconds, not postgres.js' 30 s connect and no statement limit)", () => {
    const c = testConfig();
    expect([
      c.DATABASE_CONNECT_TIMEOUT_MS,
      c.DATABASE_STATEMENT_TIMEOUT_MS,
      c.DATABASE_IDLE_TIMEOUT_MS,
      c.DATABASE_MAX_LIFETIME_MS,
      c.DATABASE_REPLICA_MAX_LAG_MS,
    ]).toEqual([3_000, 10_000, 60_000, 1_800_000, 5_000]);
    expect(() => testConfig({ DATABASE_CONNECT_TIMEOUT_MS: "0" })).toThrow(/CONNECT_TIMEOUT/);
  });

  it.skipIf(!usingRealPostgres)(
    "cancels a long API statement, but not one run where migrations run (exclusive)",
    async () => {
      const config = testConfig({
        DATABASE_URL: process.env.TEST_DATABASE_URL ?? "",
        DATABASE_STATEMENT_TIMEOUT_MS: "200",
      });
      const database = await openNodeDatabase(config);
      const slow = sql`select pg_sleep(0.4) as slept`;
      try {
        await expect(database.db.execute(slow)).rejects.toMatchObject({
          cause: { code: "57014" },
        });
        const rows = await database.exclusive(async (db) => rowsOf(await db.execute(slow)));
        expect(rows).toHaveLength(1);
      } finally {
        await database.close();
      }
    },
  );
});
