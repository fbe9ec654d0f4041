import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { executeRows } from "../../src/db/client";
import { openTestDatabase } from "../helpers/deps";

/**
 * In CI the suite must run on a real PostgreSQL server: this fails (never skips) when CI is set
 * and TEST_DATABASE_URL is missing or points at something that is not a PostgreSQL server.
 */
describe("test database", () => {
  it.runIf(process.env.CI === "true")("is a real PostgreSQL server in CI", async () => {
    expect(process.env.TEST_DATABASE_URL, "CI must set TEST_DATABASE_URL").toBeTruthy();
    const database = await openTestDatabase();
    try {
      expect(database.driver).toBe("postgres");
      const [row] = await executeRows<{ port: number | null; version: string }>(
        database.db,
        sql`select inet_server_port() as port, version() as version`,
      );
      expect(row?.version).toMatch(/^PostgreSQL \d+/);
      expect(row?.port).not.toBeNull();
    } finally {
      await database.close();
    }
  });

  it.runIf(process.env.CI === "true")("has a real Redis in CI", () => {
    expect(process.env.TEST_REDIS_URL, "CI must set TEST_REDIS_URL").toBeTruthy();
  });
});
