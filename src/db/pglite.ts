import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import type { Database, Db } from "./client";
import * as schema from "./schema";

/** Embedded PostgreSQL (WASM) for development and tests; `dir` undefined keeps it in memory. */
export async function createPgliteDatabase(dir?: string): Promise<Database & { pglite: PGlite }> {
  const pglite = dir ? await PGlite.create(dir) : await PGlite.create();
  const db = drizzle(pglite, { schema }) as unknown as Db;
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
