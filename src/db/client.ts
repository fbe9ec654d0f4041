import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ReplicaCounts, ReplicaSnapshot } from "./replica-health";

/**
 * Either driver (postgres.js or PGlite) behind one query-builder type. Without drizzle's
 * relational API (`db.query`, which nothing uses): given the schema, `drizzle()` walks every
 * table's relations each time it is called, and a Worker calls it per request.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

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
  /** Rejects when the primary does not answer (replicas do not count: see `replicas`). */
  ping(): Promise<void>;
  /** The replicas' state, when there are any. */
  replicas?: ReplicaStatus;
  /** Background upkeep (replica probes and lag samples); the entry runs it off the request path. */
  maintain?(): Promise<void>;
  /**
   * Runs `fn` while holding a cluster-wide lock, so concurrent starts migrate one at a time; `fn`
   * gets a session without statement timeout (migrations may be long).
   */
  exclusive<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * What `pg_notify` sends on this database, from any connection of any instance (delivered at
   * the sender's commit), where a process keeps a connection listening: Node on PostgreSQL.
   * Absent on Workers (a connection lives for one request) and on PGlite (one process).
   */
  notifications?: Notifications;
  close(): Promise<void>;
}

/** One subscriber of a channel (`Notifications.listen`). */
export interface NotificationListener {
  /** A payload sent on the channel. */
  notify(payload: string): void;
  /**
   * true once LISTEN is confirmed on a connection: from then on every notification arrives;
   * false as soon as that connection is lost or stops answering: notifications sent until the
   * next true may never arrive.
   */
  live(up: boolean): void;
}

export interface Notifications {
  /** Subscribes to a channel; the listener hears `live(true)` once LISTEN is confirmed. */
  listen(channel: string, listener: NotificationListener): void;
}

/** What the app reads of the replicas' health (src/db/replica-health.ts). */
export interface ReplicaStatus {
  counts(): ReplicaCounts;
  /** Each replica's state, lag and ejections (for metrics). */
  snapshot(): ReplicaSnapshot[];
  /** How long a writer's reads stay on the primary: at least `minSeconds`, at least the lag. */
  pinSeconds(minSeconds: number): number;
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
