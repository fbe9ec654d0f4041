import { sql } from "drizzle-orm";
import { withReplicas } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database, Db } from "./client";
import * as schema from "./schema";

export interface PostgresOptions {
  /** Connections in the pool; Workers use 1 client per request. */
  max?: number;
  /** Reuse prepared statements; off behind poolers in transaction mode. */
  prepare?: boolean;
  /**
   * Also prepare the queries drizzle sends unnamed (every query not built with `.prepare()`).
   * Worth it on a long-lived pool; off on Workers, where a connection lives for one request.
   * Ignored when `prepare` is false.
   */
  prepareAll?: boolean;
  /**
   * Look up array types on connect (postgres.js default). Off on Workers: a connection per
   * request would pay that extra round trip every time, and the schema has no array columns.
   */
  fetchTypes?: boolean;
}

/** Distinct query texts a process prepares (the app has well under a hundred shapes). */
export const MAX_PREPARED_TEXTS = 500;

/**
 * Drizzle sends every query it did not `.prepare()` through `client.unsafe(text, params)`, which
 * postgres.js runs as an unnamed statement: PostgreSQL parses and plans it again on every call,
 * half of a simple query's round trip here (BENCHMARKS.md). This client marks them for
 * postgres.js' per-connection statement cache as well (drizzle passes an explicit
 * `prepare: false` for them, which it overrides), inside transactions and savepoints too.
 * Texts are counted per process and only the first `max` distinct ones are prepared: a client can
 * vary a query's text (the number of search terms), and must not grow every connection's
 * statement cache, here and in the server, without bound; past the budget queries run unnamed,
 * as before, and answer the same.
 */
export function preparingClient(client: postgres.Sql, max = MAX_PREPARED_TEXTS): postgres.Sql {
  const texts = new Set<string>();
  const shouldPrepare = (text: string, params: unknown) => {
    // Without parameters postgres.js uses the simple protocol, which cannot prepare.
    if (!Array.isArray(params) || params.length === 0) return false;
    if (texts.has(text)) return true;
    if (texts.size >= max) return false;
    texts.add(text);
    return true;
  };
  type Scoped = (sql: postgres.Sql) => unknown;
  const wrap = (sql: postgres.Sql): postgres.Sql =>
    new Proxy(sql, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop === "unsafe") {
          return (text: string, params?: unknown, options?: { prepare?: boolean }) =>
            shouldPrepare(text, params)
              ? target.unsafe(text, params as never, { ...options, prepare: true })
              : target.unsafe(text, params as never, options as never);
        }
        if (prop === "begin" || prop === "savepoint") {
          // (options?, fn): the scoped client the callback gets is wrapped as well.
          return (...args: unknown[]) => {
            const fn = args.at(-1) as Scoped;
            return (value as (...a: unknown[]) => unknown).apply(target, [
              ...args.slice(0, -1),
              (scoped: postgres.Sql) => fn(wrap(scoped)),
            ]);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return wrap(client);
}

function connect(url: string, opts: PostgresOptions) {
  const prepare = opts.prepare ?? true;
  const client = postgres(url, {
    max: opts.max ?? 10,
    prepare,
    fetch_types: opts.fetchTypes ?? true,
    onnotice: () => {},
    connection: { application_name: "resumate" },
  });
  const queries = prepare && (opts.prepareAll ?? true) ? preparingClient(client) : client;
  return { client, db: drizzle(queries, { schema }) as unknown as Db };
}

/**
 * Reads rotate over the replicas, one replica per query builder call (`reader.select()...` runs
 * wholly on one), via drizzle's withReplicas; a write or raw `execute` reached through `reader`
 * still goes to the primary, so a mistaken `reader.insert` cannot hit a read-only replica.
 */
function replicaReader(primary: Db, replicas: Db[]): Db {
  if (replicas.length === 0) return primary;
  let next = 0;
  return withReplicas(primary, replicas as [Db, ...Db[]], (all) => {
    const pick = all[next % all.length] ?? primary;
    next = (next + 1) % all.length;
    return pick;
  });
}

/** postgres.js over DATABASE_URL; each replica URL gets its own pool and reads rotate over them. */
export function createPostgresDatabase(
  url: string,
  replicaUrls: readonly string[] = [],
  opts: PostgresOptions = {},
): Database {
  const primary = connect(url, opts);
  const replicas = replicaUrls.map((u) => connect(u, opts));
  const reader = replicaReader(
    primary.db,
    replicas.map((r) => r.db),
  );
  return {
    driver: "postgres",
    db: primary.db,
    reader,
    async ping() {
      // A dead replica breaks reads as surely as a dead primary breaks writes.
      await Promise.all([primary, ...replicas].map((r) => r.db.execute(sql`select 1`)));
    },
    async exclusive(fn) {
      const conn = await primary.client.reserve();
      try {
        await conn`select pg_advisory_lock(727274)`;
        return await fn();
      } finally {
        await conn`select pg_advisory_unlock(727274)`.catch(() => {});
        conn.release();
      }
    },
    async close() {
      await Promise.all([primary, ...replicas].map((r) => r.client.end({ timeout: 5 })));
    },
  };
}
