import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { unavailableProviders } from "../../src/ai-providers/unavailable";
import { createApp } from "../../src/app";
import { type Config, parseConfig } from "../../src/config";
import { requestBodyReader } from "../../src/core/body";
import type { Clock } from "../../src/core/clock";
import { createMemoryLogger } from "../../src/core/logger";
import { type Outbound, OutboundError } from "../../src/core/outbound";
import { HeaderBag, withResponseHeaders } from "../../src/core/response-headers";
import type { Database } from "../../src/db/client";
import { createPgliteDatabase } from "../../src/db/pglite";
import { createPostgresDatabase } from "../../src/db/postgres";
import type { Deps } from "../../src/deps";
import { inlineDocumentWork } from "../../src/documents/inline";
import { prepareDatabase } from "../../src/entry/node-deps";
import { createNodeOutbound } from "../../src/entry/node-outbound";
import { createMemoryKv } from "../../src/kv/memory";
import { assertMatchesContract, warmContract } from "./contract";
import { databaseUrl, onServer } from "./databases";
import { pgliteDumpReady, shippedDataDir } from "./pglite-dump";

/** True when the suite runs on a real PostgreSQL server (CI sets TEST_DATABASE_URL). */
export const usingRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

export const TEST_SECRET = "test-secret-key-that-is-long-enough-for-hs256-0123456789";

/** A settable clock: tests move time instead of sleeping. */
export function createTestClock(
  start = Date.now(),
): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set(ms) {
      t = ms;
    },
    advance(ms) {
      t += ms;
    },
  };
}

/**
 * A database of its own: a pool on the real PostgreSQL when TEST_DATABASE_URL is set, else an
 * in-memory PGlite started from the run's migrated dump (test/helpers/pglite-dump.ts), or from
 * the shipped directory where no dump was provided (a file run outside the main project). The
 * caller closes it.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  // With its notifications, as the Node entry opens it (the personal-token cache is on).
  if (url) return createPostgresDatabase(url, [], { max: 4, listen: true });
  const dump = inject("pgliteDump");
  const loadDataDir = dump
    ? new Blob([new Uint8Array(await readFile(await pgliteDumpReady(dump)))])
    : await shippedDataDir();
  return createPgliteDatabase(undefined, { loadDataDir });
}

/**
 * A database no other file sees, even on the real PostgreSQL: a new, empty database on the
 * server of TEST_DATABASE_URL (the context migrates it), dropped when it closes; elsewhere a new
 * PGlite as openTestDatabase gives. For a test whose rows others must not touch: a delivery
 * worker in another file claims every due delivery on the server it shares.
 */
export async function openPrivateDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openTestDatabase();
  const name = `resumate_private_${crypto.randomUUID().slice(0, 8)}`;
  await onServer(url, (sql) => sql.unsafe(`CREATE DATABASE ${name}`));
  const database = createPostgresDatabase(databaseUrl(url, name), [], { max: 4, listen: true });
  return {
    ...database,
    async close() {
      await database.close();
      await onServer(url, (sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

let workerDatabase: Promise<Database> | undefined;

/**
 * The database a test context uses unless it asks for its own. On PGlite: one per worker
 * process, kept open and shared by the files the worker runs one after another (the main
 * project shares modules, so this variable, across files), as every file shares one server in CI;
 * starting a PGlite from the dump costs ~1 s of CPU. Tests use unique names for this reason.
 * On PostgreSQL: a pool of the context's own, closed with it.
 */
async function contextDatabase(): Promise<{ database: Database; owned: boolean }> {
  if (usingRealPostgres) return { database: await openTestDatabase(), owned: true };
  workerDatabase ??= openTestDatabase();
  try {
    return { database: await workerDatabase, owned: false };
  } catch (err) {
    workerDatabase = undefined;
    throw err;
  }
}

export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: "test",
    SECRET_KEY: TEST_SECRET,
    PASSWORD_HASH_ITERATIONS: "1000",
    LOG_LEVEL: "debug",
    THROTTLE_ENABLED: "false",
    CORS_ORIGINS: "http://localhost:5173",
    ...env,
  });
}

export type RequestInitWithHelpers = RequestInit & {
  json?: unknown;
  token?: string;
  ip?: string;
  contract?: boolean;
};

/**
 * The outbound HTTP of app tests: nothing leaves the machine. Names are not resolved (a test that
 * needs one stubs `resolve`), and a request to anything but a loopback address fails as a refused
 * connection would, without connecting (a webhook another test left on a shared database).
 */
export function loopbackOnly(real: Outbound): Outbound {
  return {
    ...real,
    resolve: () => Promise.reject(new Error("no DNS in tests")),
    post: (req) =>
      req.address === "127.0.0.1" || req.address === "::1"
        ? real.post(req)
        : Promise.reject(new OutboundError("connection")),
  };
}

export interface TestContext {
  deps: Deps;
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof createTestClock>;
  logger: ReturnType<typeof createMemoryLogger>;
  /**
   * app.request with the test deps bound. Every response is checked against the OpenAPI
   * document first (status documented, required headers, media type, body schema: as the e2e
   * suite's `call` does), so a test that asserts less still fails on an undocumented answer.
   * `contract: false` skips the check, for the few tests whose answer the document cannot
   * describe (a fault injected into the app, a stream read while it is written); say why there.
   */
  request(path: string, init?: RequestInitWithHelpers): Promise<Response>;
  /** app.fetch as the Worker entry calls it (body reader, header bag). */
  fetch(req: Request, ip?: string): Promise<Response>;
  close(): Promise<void>;
}

/** Builds the app over real adapters (database, in-process kv) with a test clock and logger. */
export async function createTestContext(
  opts: {
    env?: Record<string, string>;
    deps?: Partial<Deps>;
    /** A database the caller opened and closes. */
    database?: Database;
    /**
     * A database no other file sees (openPrivateDatabase), closed with the context: for a test
     * that reshapes the schema, needs fixed names, or must keep its rows from other files.
     */
    privateDatabase?: boolean;
  } = {},
): Promise<TestContext> {
  const config = testConfig(opts.env);
  const { database, owned } = opts.database
    ? { database: opts.database, owned: false }
    : opts.privateDatabase
      ? { database: await openPrivateDatabase(), owned: true }
      : await contextDatabase();
  const clock = createTestClock();
  const logger = createMemoryLogger("debug");
  const pending: Promise<unknown>[] = [];
  const deps: Deps = {
    config,
    database,
    kv: createMemoryKv(() => clock.now()),
    clock,
    logger,
    hasher: {
      iterations: config.PASSWORD_HASH_ITERATIONS,
      webCryptoMaxIterations: Number.POSITIVE_INFINITY,
    },
    ai: unavailableProviders,
    documents: inlineDocumentWork,
    outbound: loopbackOnly(createNodeOutbound()),
    waitUntil: (p) => void pending.push(p.catch(() => {})),
    ...opts.deps,
  };
  await prepareDatabase(database, config, deps);
  // Once per process (~2 s): no request then pays for a validator's compile (see warmContract).
  warmContract();
  const app = createApp();
  // As the Worker entry calls it: a body reader over the Request and a header bag per request.
  const fetchApp = async (req: Request, ip = "127.0.0.1") => {
    const bag = new HeaderBag();
    const env = { deps, socketIp: ip, readBody: requestBodyReader(req), headers: bag };
    return withResponseHeaders(await app.fetch(req, env), bag);
  };
  return {
    deps,
    app,
    clock,
    logger,
    async request(path, init = {}) {
      const { json, token, ip, contract = true, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined) headers.set("content-type", "application/json");
      if (token) headers.set("authorization", `Bearer ${token}`);
      const url = /^https?:\/\//.test(path) ? path : `http://localhost/${path.replace(/^\//, "")}`;
      const req = new Request(url, {
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
      const res = await fetchApp(req, ip);
      await Promise.all(pending.splice(0));
      if (contract) await assertMatchesContract(req.method, path, res);
      return res;
    },
    fetch: fetchApp,
    async close() {
      await Promise.all(pending.splice(0));
      if (owned) await database.close();
    },
  };
}

/** A name no other test (or earlier run on the same database) uses. */
export function uniqueName(prefix = "user"): string {
  return `${prefix}_${crypto.randomUUID().slice(0, 12).replaceAll("-", "")}`;
}
