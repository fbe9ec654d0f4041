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
