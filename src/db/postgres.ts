import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createLogger, type Logger } from "../core/logger";
import type { Database, Db } from "./client";
import { createPostgresListener } from "./listen";
import { failoverClient, withTimeout } from "./replica-failover";
import { ReplicaHealth, reasonOf } from "./replica-health";
import { probeReplicas, type ReplicaHandle, replicaName, replicaReader } from "./replica-set";

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
  /** Timeouts in ms (DATABASE_*_MS); defaults in TIMEOUT_DEFAULTS. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  idleTimeoutMs?: number;
  maxLifetimeMs?: number;
  /** Replicas further behind than this are skipped. */
  replicaMaxLagMs?: number;
  /** Where replica incidents are logged (once each). */
  logger?: Logger;
  /** Replica health kept across databases (Workers: one per isolate, a database per request). */
  health?: ReplicaHealth;
  /**
   * Keep one more connection that LISTENs, for `notifications` (opened on the first subscriber):
   * a long-lived process (Node). Off on Workers, whose connections live for one request.
   */
  listen?: boolean;
  /** How often that connection is checked (a silent drop is noticed within this + the connect timeout). */
  listenHeartbeatMs?: number;
}

/** API-suited defaults (config.ts carries the same): seconds, not postgres.js' 30 s connect. */
export const TIMEOUT_DEFAULTS = {
  connectTimeoutMs: 3_000,
  statementTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  maxLifetimeMs: 30 * 60_000,
  replicaMaxLagMs: 5_000,
  listenHeartbeatMs: 5_000,
};

/** Past the statement timeout, how long the client waits for the server's own cancel (issue 17: a hung replica costs at most the timeout + 100 ms, the retry on the primary included). */
const CLIENT_GRACE_MS = 50;
/** How long a probe's query (past the connection) may take before the server counts as hung. */
const PROBE_QUERY_MS = 5_000;

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

/** The pool settings of every client (see DATABASE_*_MS in config.ts). */
function clientOptions(
  opts: PostgresOptions,
  statementTimeoutMs: number,
): postgres.Options<Record<string, postgres.PostgresType>> {
  const { connectTimeoutMs, idleTimeoutMs, maxLifetimeMs } = { ...TIMEOUT_DEFAULTS, ...opts };
  return {
    max: opts.max ?? 10,
    prepare: opts.prepare ?? true,
    fetch_types: opts.fetchTypes ?? true,
    onnotice: () => {},
    // postgres.js counts these in seconds; 0 turns idle/lifetime off.
    connect_timeout: connectTimeoutMs / 1000,
    idle_timeout: idleTimeoutMs > 0 ? idleTimeoutMs / 1000 : undefined,
    max_lifetime: maxLifetimeMs > 0 ? maxLifetimeMs / 1000 : null,
    // A session setting sent on connect: the server cancels a longer statement (0 = no limit).
    connection: { application_name: "resumate", statement_timeout: statementTimeoutMs },
  };
}

function connect(url: string, opts: PostgresOptions) {
  const { statementTimeoutMs } = { ...TIMEOUT_DEFAULTS, ...opts };
  const client = postgres(url, clientOptions(opts, statementTimeoutMs));
  const prepare = opts.prepare ?? true;
  const queries = prepare && (opts.prepareAll ?? true) ? preparingClient(client) : client;
  return { client, queries, db: drizzle(queries) as unknown as Db };
}

/**
 * postgres.js over DATABASE_URL; each replica URL gets its own pool, and reads rotate over the
 * healthy ones. A read that fails for the replica's sake (refused, timed out, shut down) ejects
 * it and is answered by the primary; probes bring it back (`maintain`, off the request path).
 */
export function createPostgresDatabase(
  url: string,
  replicaUrls: readonly string[] = [],
  opts: PostgresOptions = {},
): Database {
  const settings = { ...TIMEOUT_DEFAULTS, ...opts };
  const primary = connect(url, opts);
  const health =
    opts.health ??
    new ReplicaHealth({
      names: replicaUrls.map(replicaName),
      maxLagMs: settings.replicaMaxLagMs,
      logger: opts.logger ?? createLogger("silent", () => {}),
    });
  // A stopped server never sends its own statement timeout: the client bounds the wait too.
  const { statementTimeoutMs, connectTimeoutMs } = settings;
  const timeoutMs = statementTimeoutMs > 0 ? statementTimeoutMs + CLIENT_GRACE_MS : 0;
  // A probe (`select 1`, a lag sample) may need a connection, then answers at once or never.
  const probeMs = connectTimeoutMs + Math.min(timeoutMs || PROBE_QUERY_MS, PROBE_QUERY_MS);
  const replicas: ReplicaHandle[] = replicaUrls.map((u, i) => {
    const { client, queries } = connect(u, opts);
    const failover = failoverClient(queries, primary.queries, {
      timeoutMs,
      onFault: (err) => health.failed(i, reasonOf(err)),
    });
    return { client, db: drizzle(failover) as unknown as Db };
  });
  const all = [primary.client, ...replicas.map((r) => r.client)];
  const notifications = opts.listen
    ? createPostgresListener(url, clientOptions(opts, 0), {
        heartbeatMs: settings.listenHeartbeatMs,
        timeoutMs: settings.connectTimeoutMs,
        logger: opts.logger ?? createLogger("silent", () => {}),
      })
    : undefined;
  return {
    driver: "postgres",
    db: primary.db,
    notifications,
    reader: replicaReader(primary.db, replicas, health),
    replicas: replicas.length > 0 ? health : undefined,
    async ping() {
      // Readiness is the primary's: a dead replica only moves its reads to the primary.
      await withTimeout(primary.client`select 1`, probeMs);
    },
    maintain: () => probeReplicas(replicas, health, probeMs),
    exclusive: (fn) => exclusively(url, opts, fn),
    async close() {
      await Promise.all([...all.map((c) => c.end({ timeout: 5 })), notifications?.close()]);
    },
  };
}

/**
 * Runs `fn` on a client of its own, while it holds a cluster-wide advisory lock, so concurrent
 * starts migrate one at a time. No statement timeout there: a long migration, or the wait for
 * another instance's, must not be cancelled by the one meant for API queries.
 */
async function exclusively<T>(url: string, opts: PostgresOptions, fn: (db: Db) => Promise<T>) {
  const client = postgres(url, { ...clientOptions({ ...opts, max: 1 }, 0), prepare: false });
  try {
    await client`select pg_advisory_lock(727274)`;
    try {
      return await fn(drizzle(client) as unknown as Db);
    } finally {
      await client`select pg_advisory_unlock(727274)`.catch(() => {});
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
