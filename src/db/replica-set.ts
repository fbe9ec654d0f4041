import { withReplicas } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Db } from "./client";
import { withTimeout } from "./replica-failover";
import type { ReplicaHealth } from "./replica-health";

/**
 * A replica's replay lag in ms, sampled in the background. 0 when it has replayed all it received
 * (an idle primary writes nothing, and the last replay timestamp only ages), and on a server that
 * is not a standby (both functions answer null there).
 */
const LAG_SQL = `select case
  when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
  else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000, 0)
end::float8 as lag_ms`;

export interface ReplicaHandle {
  /** The replica's own client, for probes (no failover: a probe must see the replica fail). */
  client: postgres.Sql;
  /** Its query builder, whose queries fall back to the primary (see replica-failover.ts). */
  db: Db;
}

/**
 * Reads rotate over the replicas that are healthy and not lagging, one replica per query builder
 * call (`reader.select()...` runs wholly on one), via drizzle's withReplicas; with none usable they
 * go to the primary. A write or raw `execute` reached through `reader` still goes to the primary,
 * so a mistaken `reader.insert` cannot hit a read-only replica.
 */
export function replicaReader(
  primary: Db,
  replicas: readonly ReplicaHandle[],
  health: ReplicaHealth,
) {
  const [first, ...rest] = replicas.map((r) => r.db);
  if (!first) return primary;
  // The picker ignores drizzle's list: the health's rotation knows which are usable.
  return withReplicas(primary, [first, ...rest], (all) => all[health.pick()] ?? primary);
}

/**
 * Probes the replicas that are due (ejected ones past their cooldown, healthy ones to sample
 * their lag), each bounded by `timeoutMs`. Called off the request path: on a timer (Node) or in
 * a request's background work (Workers).
 */
export async function probeReplicas(
  replicas: readonly ReplicaHandle[],
  health: ReplicaHealth,
  timeoutMs: number,
): Promise<void> {
  await Promise.all(
    health.due().map((i) =>
      health.probe(i, async () => {
        const replica = replicas[i];
        if (!replica) throw new Error("no such replica");
        const rows = await withTimeout(replica.client.unsafe(LAG_SQL), timeoutMs);
        return Number((rows[0] as { lag_ms?: unknown } | undefined)?.lag_ms ?? 0);
      }),
    ),
  );
}

/** A replica's name for logs: host, port and database, never the credentials. */
export function replicaName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "replica";
  }
}
