import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import type { Database, Db } from "./client";

/**
 * PGlite's own start parameters plus a small memory budget. PostgreSQL's default 128 MB of shared
 * buffers become resident WASM memory (a restarted server peaked at 0.47 GB); one person's or one
 * test file's data needs far less, and reads that miss the buffers come from the OS page cache.
 * BENCHMARKS.md, "The embedded default in 250 MB".
 */
export const PGLITE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  ...[
    "shared_buffers=8MB",
    "work_mem=2MB",
    "maintenance_work_mem=16MB",
    "temp_buffers=2MB",
  ].flatMap((setting) => ["-c", setting]),
];

export interface PgliteOptions {
  /** A data directory dump (`dumpDataDir`) to start from instead of running initdb. */
  loadDataDir?: Blob;
}

/** Embedded PostgreSQL (WASM) for development and tests; `dir` undefined keeps it in memory. */
export async function createPgliteDatabase(
  dir?: string,
  opts: PgliteOptions = {},
): Promise<Database & { pglite: PGlite }> {
  const options = { startParams: [...PGLITE_START_PARAMS], ...opts };
  const pglite = dir ? await PGlite.create(dir, options) : await PGlite.create(options);
  const db = drizzle(pglite) as unknown as Db;
  return {
    driver: "pglite",
    db,
    reader: db,
    pglite,
    async ping() {
      await db.execute(sql`select 1`);
    },
    exclusive: (fn) => fn(db),
    async close() {
      await pglite.close();
    },
  };
}
