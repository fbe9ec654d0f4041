import { accessSync, constants, mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Redis } from "@upstash/redis";
import { createAiProviders } from "../ai-providers/providers";
import type { Config } from "../config";
import { systemClock } from "../core/clock";
import type { Kv } from "../core/kv";
import { createHashQueue } from "../core/limit";
import type { Logger } from "../core/logger";
import type { Database } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { createPgliteDatabase } from "../db/pglite";
import { createPostgresDatabase } from "../db/postgres";
import type { Deps } from "../deps";
import { seedDatabase } from "../features/seed";
import { createMemoryKv } from "../kv/memory";
import { createUpstashKv, UPSTASH_CLIENT_OPTIONS } from "../kv/upstash";
import { createDocumentPool, renderThreads } from "./document-pool";
import { createNodeMetrics, metricsEnabled } from "./node-metrics";
import { createNodeOutbound } from "./node-outbound";
import { lowerHelperThreads } from "./node-priority";
import { createNodeErrorReporter } from "./node-sentry";
import { emptyDataDir, layDownDataDir } from "./pglite-datadir";
import { postgresOptions } from "./postgres-options";

/** How often the Node process looks for due replica probes (each has its own schedule). */
export const MAINTAIN_EVERY_MS = 500;

/**
 * Node's database: postgres.js for DATABASE_URL (with its notifications), else PGlite persisted
 * under PGLITE_DIR. With replicas, a timer probes them off the request path (ejected ones, and
 * every one's lag).
 */
export async function openNodeDatabase(config: Config, logger?: Logger): Promise<Database> {
  if (config.DATABASE_URL) {
    // A long-lived process: a connection LISTENs, so the personal-token lookup can be cached.
    const database = createPostgresDatabase(config.DATABASE_URL, config.DATABASE_REPLICA_URLS, {
      ...postgresOptions(config, logger),
      listen: true,
    });
    return database.replicas ? withMaintenance(database) : database;
  }
  const dir = config.PGLITE_DIR;
  mkdirSync(dir, { recursive: true });
  accessSync(dir, constants.W_OK);
  const laidDown = await layDownDataDir(dir);
  // Read when PGlite compiles its module, just below; Node's own code is not WebAssembly.
  if (config.PGLITE_LOW_MEMORY) setFlagsFromString("--liftoff-only");
  try {
    return await createPgliteDatabase(dir);
  } catch (err) {
    if (!laidDown) throw err;
    // A PGlite upgrade whose catalog the shipped directory predates: initdb as before.
    logger?.warn("the pre-built PGlite data directory did not open; running initdb", {
      error: (err as Error).message,
    });
    emptyDataDir(dir);
    return createPgliteDatabase(dir);
  }
}

function withMaintenance(database: Database): Database {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= database.maintain?.().finally(() => {
      running = undefined;
    });
  };
  tick();
  const timer = setInterval(tick, MAINTAIN_EVERY_MS);
  timer.unref();
  return {
    ...database,
    async close() {
      clearInterval(timer);
      await running;
      await database.close();
    },
  };
}

/** Migrates and seeds (idempotent), as the server does on every start. */
export async function prepareDatabase(
  database: Database,
  config: Config,
  deps: Pick<Deps, "hasher">,
) {
  const {
    SUPERUSER_USERNAME: username,
    SUPERUSER_EMAIL: email,
    SUPERUSER_PASSWORD: password,
  } = config;
  // One instance at a time (several containers may start together).
  await database.exclusive(async (db) => {
    await migrateDatabase(database, db);
    await seedDatabase(db, {
      hasher: deps.hasher,
      superuser: username && password ? { username, email: email ?? "", password } : undefined,
    });
  });
}

/** Background work on Node: tracked so shutdown can wait for it. */
export function createWaitUntil(logger: Logger) {
  const pending = new Set<Promise<unknown>>();
  return {
    waitUntil(p: Promise<unknown>) {
      const tracked = p
        .catch((err) => logger.error("background task failed", { error: (err as Error).name }))
        .finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    drain: () => Promise.allSettled([...pending]),
  };
}

/** Upstash (or a REST proxy in front of Redis) when configured, shared by every instance. */
function createNodeKv(config: Config, logger: Logger): Kv {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = config;
  if (!url || !token) return createMemoryKv();
  return createUpstashKv(new Redis({ url, token, ...UPSTASH_CLIENT_OPTIONS }), { logger });
}

/**
 * Concurrent password hashes: one per core, but always two threadpool threads left over so token
 * checks (WebCrypto HMAC) and file I/O never queue behind a burst of logins.
 */
export function hashingSlots(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), pool - 2));
}

/** Every dependency of the Node server, from config. */
export async function buildNodeDeps(config: Config, logger: Logger, database: Database) {
  const background = createWaitUntil(logger);
  const documents = createDocumentPool({
    threads: renderThreads(config.RENDER_THREADS),
    queueMax: config.RENDER_QUEUE_MAX,
    timeoutMs: config.RENDER_TIMEOUT_MS,
    logger,
    // A render is ~1 s of CPU: each thread goes below the event loop as it starts.
    onThreadStart: lowerHelperThreads,
  });
  const deps: Deps = {
    config,
    database,
    kv: createNodeKv(config, logger),
    clock: systemClock,
    logger,
    hasher: {
      iterations: config.PASSWORD_HASH_ITERATIONS,
      webCryptoMaxIterations: Number.POSITIVE_INFINITY,
      run: createHashQueue({
        slots: hashingSlots(),
        maxWaitMs: config.PASSWORD_HASH_MAX_WAIT_MS,
      }),
    },
    ai: createAiProviders(config),
    documents,
    outbound: createNodeOutbound(),
    waitUntil: background.waitUntil,
  };
  if (metricsEnabled(config)) deps.metrics = createNodeMetrics(database.replicas);
  const errors = await createNodeErrorReporter(config);
  if (errors) deps.errors = errors;
  // On shutdown (requests done): background work, the document threads, queued error reports.
  const drain = async () => {
    await background.drain();
    await documents.close();
    await errors?.flush(2000);
  };
  return { deps, drain, warm: documents.warm };
}
