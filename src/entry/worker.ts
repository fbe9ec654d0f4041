import { createAiProviders } from "../ai-providers/providers";
import { createApp } from "../app";
import { type Config, ConfigError, parseConfig } from "../config";
import { requestBodyReader } from "../core/body";
import { systemClock } from "../core/clock";
import type { ErrorReporter } from "../core/error-reporter";
import type { Kv } from "../core/kv";
import { loadOnce } from "../core/lazy";
import { createLogger, type Logger } from "../core/logger";
import { HeaderBag, withResponseHeaders } from "../core/response-headers";
import { createPostgresDatabase } from "../db/postgres";
import { ReplicaHealth } from "../db/replica-health";
import { replicaName } from "../db/replica-set";
import type { Deps } from "../deps";
import { inlineDocumentWork } from "../documents/inline";
import { purgeExpiredTrash } from "../features/resumes";
import { DELIVERY_BATCH, deliverDue, purgeDeliveries } from "../features/webhooks";
import { createMemoryKv } from "../kv/memory";
import { createUpstashKv, UPSTASH_CLIENT_OPTIONS } from "../kv/upstash";
import { postgresOptions } from "./postgres-options";
import { bodyDone, createBackground, type WorkerContext, workerHasher } from "./worker-deps";
import { createWorkerOutbound } from "./worker-outbound";
import { createWorkerErrorReporter } from "./worker-sentry";

/**
 * Cloudflare Workers entry. Settings come from vars and secrets (the same names as on Node);
 * PostgreSQL through the Hyperdrive binding, with a client per request (Workers cannot reuse
 * I/O objects across requests) closed via waitUntil once the response and its background work
 * are done. Migrations are not run here: run `npm run db:migrate` against the database first.
 */
export interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string };
  [name: string]: unknown;
}

/** Per-isolate state: parsed once (a generated dev SECRET_KEY must not change per request). */
interface Isolate {
  config: Config;
  logger: Logger;
  kv: Kv;
  /** Replica health outlives each request's clients: an ejected replica stays out isolate-wide. */
  replicaHealth: ReplicaHealth;
  shared: Omit<Deps, "database" | "waitUntil">;
  /** The request's error reporter (Sentry), when SENTRY_DSN is set. */
  reporter?: (waitUntil: (p: Promise<unknown>) => void) => ErrorReporter;
  app: ReturnType<typeof createApp>;
}

let isolate: Promise<Isolate> | undefined;

/** The isolate's state, built by its first request (a failed build is tried again by the next). */
function isolateFor(env: WorkerEnv): Promise<Isolate> {
  isolate ??= createIsolate(env).catch((err: unknown) => {
    isolate = undefined;
    throw err;
  });
  return isolate;
}

/**
 * `@upstash/redis` (~170 KiB, ~200 command classes) loads when the settings name an Upstash
 * store, with the isolate's state on its first request, not at start-up: a Worker without one
 * (the per-isolate memory store) never evaluates it (BENCHMARKS.md #34).
 */
const loadUpstash = loadOnce(() => import("@upstash/redis/cloudflare"));

async function upstashClient(url: string, token: string) {
  const { Redis } = await loadUpstash();
  return new Redis({ url, token, ...UPSTASH_CLIENT_OPTIONS });
}

function stringsOf(env: WorkerEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") out[k] = v;
  return out;
}

async function createIsolate(env: WorkerEnv): Promise<Isolate> {
  const config = parseConfig(stringsOf(env));
  const logger = createLogger(config.LOG_LEVEL, (line) => console.log(line));
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = config;
  // Without Upstash the store is per isolate: fine for a cache, weak for throttling.
  const kv =
    url && token ? createUpstashKv(await upstashClient(url, token), { logger }) : createMemoryKv();
  if (config.secretKeyGenerated) {
    logger.warn("SECRET_KEY is not set: generated one for this isolate only");
  }
  const shared = {
    config,
    kv,
    clock: systemClock,
    logger,
    hasher: workerHasher(config),
    ai: createAiProviders(config),
    // In process: the platform's CPU limit per request bounds a render (README).
    documents: inlineDocumentWork,
    outbound: createWorkerOutbound(config.WEBHOOK_DOH_URL),
  };
  const reporter = config.SENTRY_DSN
    ? createWorkerErrorReporter({
        dsn: config.SENTRY_DSN,
        release: config.SENTRY_RELEASE ?? "resumate-api",
        environment: config.SENTRY_ENVIRONMENT ?? config.NODE_ENV,
      })
    : undefined;
  const replicaHealth = new ReplicaHealth({
    names: config.DATABASE_REPLICA_URLS.map(replicaName),
    maxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS,
    logger,
  });
  const app = createApp();
  return { config, logger, kv, replicaHealth, shared, app, ...(reporter ? { reporter } : {}) };
}

function openDatabase(iso: Isolate, env: WorkerEnv) {
  const url = env.HYPERDRIVE?.connectionString ?? iso.config.DATABASE_URL;
  if (!url) throw new ConfigError(["HYPERDRIVE binding or DATABASE_URL (required on Workers)"]);
  return createPostgresDatabase(url, iso.config.DATABASE_REPLICA_URLS, {
    ...postgresOptions(iso.config, iso.logger),
    max: 1,
    fetchTypes: false,
    prepareAll: false,
    health: iso.replicaHealth,
  });
}

async function handle(req: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
  const iso = await isolateFor(env);
  const database = openDatabase(iso, env);
  const background = createBackground(ctx, iso.logger);
  const deps: Deps = {
    ...iso.shared,
    database,
    waitUntil: background.waitUntil,
    ...(iso.reporter ? { errors: iso.reporter(background.waitUntil) } : {}),
  };
  let done: Promise<void> = Promise.resolve();
  try {
    const headers = new HeaderBag();
    const res = await iso.app.fetch(
      req,
      {
        deps,
        socketIp: req.headers.get("cf-connecting-ip") ?? undefined,
        readBody: requestBodyReader(req),
        headers,
      },
      ctx,
    );
    const piped = bodyDone(withResponseHeaders(res, headers));
    done = piped.done;
    return piped.response;
  } finally {
    ctx.waitUntil(
      done
        // Timers do not outlive a request here: due replica probes run after a response instead.
        .then(() => database.maintain?.())
        .then(() => background.drain())
        .then(() => database.close())
        .catch((err) => iso.logger.error("closing the database failed", { error: err.name })),
    );
  }
}

/** The Cron Trigger (wrangler.toml): the trash purge, with a database client of its own. */
async function purge(env: WorkerEnv, ctx: WorkerContext): Promise<void> {
  const iso = await isolateFor(env);
  const database = openDatabase(iso, env);
  const run = purgeExpiredTrash({ database, clock: systemClock, logger: iso.logger })
    .catch((err) => iso.logger.error("trash purge failed", { error: (err as Error).name }))
    .finally(() => database.close());
  ctx.waitUntil(run);
  await run;
}

/** The webhook deliveries' Cron Trigger (every minute): the log's upkeep, then due deliveries. */
export const DELIVERY_CRON = "* * * * *";
/** Batches one run delivers at most (the rest waits for the next minute). */
const DELIVERY_ROUNDS = 5;

async function deliver(env: WorkerEnv, ctx: WorkerContext): Promise<void> {
  const iso = await isolateFor(env);
  const database = openDatabase(iso, env);
  const deps = { ...iso.shared, database };
  const run = (async () => {
    await purgeDeliveries(deps);
    for (let round = 0; round < DELIVERY_ROUNDS; round++)
      if ((await deliverDue(deps)) < DELIVERY_BATCH) break;
  })()
    .catch((err) => iso.logger.error("webhook deliveries failed", { error: (err as Error).name }))
    .finally(() => database.close());
  ctx.waitUntil(run);
  await run;
}

export default {
  async scheduled(event: { cron?: string }, env: WorkerEnv, ctx: WorkerContext): Promise<void> {
    try {
      await (event.cron === DELIVERY_CRON ? deliver(env, ctx) : purge(env, ctx));
    } catch (err) {
      const detail = err instanceof ConfigError ? err.message : "unexpected failure";
      console.error(JSON.stringify({ level: "error", msg: "scheduled run failed", detail }));
    }
  },
  async fetch(req: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    try {
      return await handle(req, env, ctx);
    } catch (err) {
      // Only configuration can fail outside the app's own error handler; keys, never values.
      const detail = err instanceof ConfigError ? err.message : "unexpected failure";
      console.error(JSON.stringify({ level: "error", msg: "worker failed", detail }));
      return Response.json({ detail: "Internal server error." }, { status: 500 });
    }
  },
};
