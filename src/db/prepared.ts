import type { Db } from "./client";

/**
 * Per-database cache of prepared queries. Building a query through drizzle (SQL chunks, the
 * selection, `is()` checks) cost more CPU than the rest of a signed-in GET (see BENCHMARKS.md);
 * a prepared query is built once per database handle and, on postgres.js, also parsed once per
 * connection by the server (named statements).
 */
const cache = new WeakMap<Db, Map<string, unknown>>();

/**
 * The query `build(db)` prepares under `name`, built on first use for this `db`. Returns null for
 * a replica set (drizzle's `withReplicas`): a prepared query would pin one replica, so callers
 * build their query per call there.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T | null {
  if ("$replicas" in db) return null;
  let byName = cache.get(db);
  if (!byName) {
    byName = new Map();
    cache.set(db, byName);
  }
  let query = byName.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db);
    byName.set(name, query);
  }
  return query;
}
