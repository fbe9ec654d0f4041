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
   * Look up array types on connect (postgres.js default). Off on Workers: a connection per
   * request would pay that extra round trip every time, and the schema has no array columns.
   */
  fetchTypes?: boolean;
}

function connect(url: string, opts: PostgresOptions) {
  const client = postgres(url, {
    max: opts.max ?? 10,
    prepare: opts.prepare ?? true,
    fetch_types: opts.fetchTypes ?? true,
    onnotice: () => {},
    connection: { application_name: "resumate" },
  });
  return { client, db: drizzle(client, { schema }) as unknown as Db };
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
