import { type SQL, sql } from "drizzle-orm";
import { type Db, executeRows, rowsOf } from "./client";

/**
 * Per-database cache of prepared queries. Building a query through drizzle (SQL chunks, the
 * selection, `is()` checks) cost more CPU than the rest of a signed-in GET (see BENCHMARKS.md);
 * a prepared query is built once per database handle and, on postgres.js, also parsed once per
 * connection by the server (named statements).
 */
const cache = new WeakMap<Db, Map<string, unknown>>();

/** drizzle's `withReplicas`: its raw `execute` goes to the primary, its builders to a replica. */
export const isReplicaSet = (db: Db) => "$replicas" in db;

/**
 * The query `build(db)` prepares under `name`, built on first use for this `db`. Returns null for
 * a replica set (drizzle's `withReplicas`): a prepared query would pin one replica, so callers
 * build their query per call there.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T | null {
  if (isReplicaSet(db)) return null;
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

/** What `preparedSql` needs of a drizzle database (internals its own `execute` uses). */
interface DrizzleInternals {
  dialect: { sqlToQuery(sql: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      arrayMode: boolean,
    ): { execute(values?: Record<string, unknown>): Promise<unknown> };
  };
}

/**
 * The statements' SQL text and placeholders by name, rendered once per process: the same for every
 * database handle (one dialect), so a transaction, a handle of its own, binds its values to text
 * rendered before instead of rendering every chunk again.
 */
const texts = new Map<string, { sql: string; params: unknown[] }>();

/**
 * A raw statement turned into SQL text once per process and run with values: `db.execute(sql)`
 * rebuilds the text (every chunk, every column name) on each call. `build(value)` writes the
 * statement with `value(name)` where a value goes: placeholders when prepared, the values
 * themselves on a replica set (where it runs through `db.execute`, on the primary). No row
 * mapping, as drizzle's own `execute`; rows from either driver.
 */
export function preparedSql<V extends Record<string, unknown>>(
  db: Db,
  name: string,
  build: (value: (name: keyof V & string) => unknown) => SQL,
) {
  const query = prepared(db, name, (d) => {
    const { dialect, session } = d as unknown as DrizzleInternals;
    let text = texts.get(name);
    if (!text) {
      text = dialect.sqlToQuery(build(sql.placeholder));
      texts.set(name, text);
    }
    return session.prepareQuery(text, undefined, name, false);
  });
  return {
    async rows<T>(values: V): Promise<T[]> {
      if (!query)
        return executeRows<T>(
          db,
          build((key) => values[key]),
        );
      return rowsOf<T>(await query.execute(values));
    },
  };
}
