import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema";

/** Either driver (postgres.js or PGlite) behind one query-builder type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An owner-scoped key: the row's id and the user who must own it (queries match both). */
export interface Owned {
  id: number;
  userId: number;
}

/** A database handle plus how to release it; `primary` is where writes go. */
export interface Database {
  driver: "postgres" | "pglite";
  db: Db;
  /** Read-only queries may go here (a replica); equals `db` without replicas. */
  reader: Db;
  ping(): Promise<void>;
  /** Runs `fn` while holding a cluster-wide lock, so concurrent starts migrate one at a time. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Rows of a raw `db.execute(sql)` on either driver (postgres.js returns an array, PGlite `{rows}`). */
export async function executeRows<T>(db: Db, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/** The rows of a raw result from either driver. */
export function rowsOf<T>(res: unknown): T[] {
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}
