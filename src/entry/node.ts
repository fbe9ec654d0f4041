// First: pins the maps of Node's tick objects before anything else runs (see the module).
import "./node-ticks";
import { existsSync } from "node:fs";
import type { Http2Bindings, HttpBindings } from "@hono/node-server";
import { serve } from "@hono/node-server";
import type { App } from "../app";
import { type Config, ConfigError, parseConfig } from "../config";
import { createLogger, type Logger } from "../core/logger";
import type { Database } from "../db/client";
import type { Deps } from "../deps";
import { withDevSecret } from "./dev-secret";
import { incomingBody } from "./node-body";
import { BaggedResponse, responseHeaders } from "./node-headers";
import { answerClientError, httpLimits } from "./node-http";
import { isMetricsPath, metricsResponse, type NodeMetrics, serveMetricsPort } from "./node-metrics";
import { lowerHelperThreads } from "./node-priority";

/** What the slow part of a start (imports, database open, migrate, seed) produces. */
interface Started {
  app: App;
  deps: Deps;
  drain(): Promise<unknown>;
  /** Starts a document thread with its renderers loaded (see node-deps.ts). */
  warm(): Promise<void>;
  database: Database;
  /** The hourly trash purge, stopped before the database closes. */
  purge: { close(): Promise<void> };
  /** The webhook delivery loop, stopped before the database closes. */
  webhooks: { close(): Promise<void> };
}

/**
 * The app, the AI SDKs, Drizzle and PGlite are imported here, after the port is bound: loading
 * them is most of a start (BENCHMARKS.md), and meanwhile /health can truthfully say the process
 * serves while /ready says 503. The database opens while the app's modules still load.
 */
async function startApp(config: Config, logger: Logger): Promise<Started> {
  const appModule = import("../app");
  appModule.catch(() => {}); // awaited below; this only stops an early failure counting as unhandled
  const nodeDeps = await import("./node-deps");
  const database = await nodeDeps.openNodeDatabase(config, logger);
  const { deps, drain, warm } = await nodeDeps.buildNodeDeps(config, logger, database);
  await nodeDeps.prepareDatabase(database, config, deps);
  const { createApp, loadAllRoutes } = await appModule;
  // Every feature's module, as when the app imported them all: none waits for a first request.
  await loadAllRoutes();
  const { scheduleTrashPurge } = await import("./node-purge");
  const purge = scheduleTrashPurge(deps);
  const { startWebhookDeliveries } = await import("./node-webhooks");
  const webhooks = startWebhookDeliveries(deps, config.WEBHOOK_POLL_MS);
  return { app: createApp(), deps, drain, warm, database, purge, webhooks };
}

/** Answers before the app is ready: liveness yes, readiness no; anything else waits. */
function answerWhileStarting(req: Request): Response | null {
  const path = new URL(req.url).pathname.replace(/(?<!\/)\/+$/, "");
  if (path === "/health") return Response.json({ status: "ok" });
  if (path === "/ready") return Response.json({ status: "starting" }, { status: 503 });
  return null;
}

/** A port that cannot be had is one line naming it, not Node's stack trace. */
function exitOnListenError(err: NodeJS.ErrnoException, port: number): never {
  const why =
    err.code === "EADDRINUSE"
      ? `port ${port} is already in use (set PORT to another one, or stop what holds it)`
      : err.code === "EACCES"
        ? `port ${port} needs privileges this process does not have (set PORT above 1023)`
        : `cannot listen on port ${port}: ${err.code ?? err.message}`;
  process.stderr.write(`error: ${why}\n`);
  process.exit(1);
}

/** What a failed start prints: one line for what an operator can fix, the stack otherwise. */
function startFailure(err: unknown, config: Config): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (
    !config.DATABASE_URL &&
    ["EACCES", "EROFS", "EPERM", "ENOTDIR", "EEXIST"].includes(code ?? "")
  ) {
    return `error: the embedded database directory ${config.PGLITE_DIR} (PGLITE_DIR) is not writable (${code})`;
  }
  return `fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

async function main() {
  // A local .env (see .env.example) fills in what the environment does not set.
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  config = withDevSecret(config);
  const logger = createLogger(config.LOG_LEVEL, (line) => process.stdout.write(`${line}\n`));
  if (config.secretKeyGenerated) {
    logger.warn("SECRET_KEY is not set: using a generated development key", {
      file: "secretKeyFile" in config ? config.secretKeyFile : undefined,
    });
  }
  let started: Started | null = null;
  const starting = startApp(config, logger).then((s) => {
    started = s;
    // The threadpool and V8's helpers exist by now: below the event loop from here on.
    const lowered = lowerHelperThreads();
    logger.info("ready", { database: s.database.driver, helperThreadsLowered: lowered });
    // The document threads and their renderers (docx, pdf-lib) start on first use so start-up
    // stays fast (~1 s of module loading otherwise); warming one once the server serves spares
    // the first export that wait.
    setTimeout(() => void s.warm().catch(() => {}), 2_000).unref();
    return s;
  });
  starting.catch((err) => {
    process.stderr.write(`${startFailure(err, config)}\n`);
    process.exit(1);
  });
  const metricsPath = (s: Started, req: Request) =>
    s.deps.metrics && config.METRICS_TOKEN && req.method === "GET" && isMetricsPath(req.url);
  const dispatch = (s: Started, req: Request, env: HttpBindings | Http2Bindings) =>
    metricsPath(s, req)
      ? metricsResponse(
          s.deps.metrics as NodeMetrics,
          req.headers.get("authorization") ?? undefined,
          config.METRICS_TOKEN,
        )
      : appFetch(s, req, env);
  const appFetch = (s: Started, req: Request, env: HttpBindings | Http2Bindings) =>
    s.app.fetch(req, {
      deps: s.deps,
      socketIp: env.incoming.socket.remoteAddress,
      readBody: incomingBody(env.incoming),
      headers: responseHeaders(env.outgoing),
    });
  const server = serve(
    {
      fetch: (req: Request, env: HttpBindings | Http2Bindings) =>
        started
          ? dispatch(started, req, env)
          : (answerWhileStarting(req) ?? starting.then((s) => dispatch(s, req, env))),
      port: config.PORT,
      hostname: process.env.HOST ?? "0.0.0.0",
      serverOptions: { ...httpLimits(config.REQUEST_TIMEOUT_MS), ServerResponse: BaggedResponse },
    },
    (info) => logger.info("listening", { port: info.port }),
  );
  server.on("clientError", answerClientError);
  server.on("error", (err: NodeJS.ErrnoException) => exitOnListenError(err, config.PORT));
  const metricsServer =
    config.METRICS_PORT === undefined
      ? undefined
      : starting.then((s) =>
          s.deps.metrics
            ? serveMetricsPort(
                s.deps.metrics as NodeMetrics,
                config.METRICS_PORT as number,
                process.env.HOST ?? "0.0.0.0",
              )
            : undefined,
        );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const force = setTimeout(() => {
      logger.error("shutdown timed out; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    // Stop accepting; in-flight requests finish, then background work, then the database.
    void metricsServer?.then((m) => m?.close());
    server.close(async () => {
      const s = await starting.catch(() => null);
      await s?.drain();
      await s?.purge.close();
      await s?.webhooks.close();
      await s?.database.close();
      logger.info("stopped");
      process.exit(0);
    });
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err) => {
  // Before the config is known only the development key file is written (next to PGLITE_DIR).
  const { code, path } = (err ?? {}) as NodeJS.ErrnoException;
  process.stderr.write(
    code && path
      ? `error: cannot write ${path} (${code}); check PGLITE_DIR or set SECRET_KEY\n`
      : `fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
