import { fileURLToPath } from "node:url";
import type { Database } from "./client";

/** Where the committed SQL migrations live (Node only: the migrator reads them from disk). */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Applies pending migrations, on `db` (the session `database.exclusive` hands out, which holds
 * the lock and has no statement timeout; by default the database's own).
 */
export async function migrateDatabase(database: Database, db = database.db): Promise<void> {
  const migrationsFolder = MIGRATIONS_DIR;
  if (database.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // biome-ignore lint/suspicious/noExplicitAny: drizzle's migrators are typed per driver
    await migrate(db as any, { migrationsFolder });
    return;
  }
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // biome-ignore lint/suspicious/noExplicitAny: drizzle's migrators are typed per driver
  await migrate(db as any, { migrationsFolder });
}
