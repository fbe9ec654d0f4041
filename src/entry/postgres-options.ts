import type { Config } from "../config";
import type { Logger } from "../core/logger";
import type { PostgresOptions } from "../db/postgres";

/** The pool settings both entries give postgres.js, from config (Workers override the size). */
export function postgresOptions(config: Config, logger?: Logger): PostgresOptions {
  return {
    max: config.DATABASE_POOL_MAX,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleTimeoutMs: config.DATABASE_IDLE_TIMEOUT_MS,
    maxLifetimeMs: config.DATABASE_MAX_LIFETIME_MS,
    replicaMaxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS,
    logger,
  };
}
