import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Proc, startNode } from "./processes";
import { type StandIn, startStandIn } from "./stand-in";

/** Starts the stand-in and the API the way production runs it, and measures the start time. */

export const PROVIDER_DELAY_MS = 200;
const SECRET = "bench-secret-key-that-is-at-least-32-bytes-long";
/** Settings the caller may override from its own environment (documented in BENCHMARKS.md). */
const PASSED_THROUGH = [
  "DATABASE_URL",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "PASSWORD_HASH_ITERATIONS",
  "PASSWORD_HASH_MAX_WAIT_MS",
  // Metrics on (issue 14's cost measurement): METRICS_TOKEN=x npx tsx scripts/bench/ab.ts ...
  "METRICS_TOKEN",
  "UV_THREADPOOL_SIZE",
];

export interface Servers {
  standIn: StandIn;
  api: Proc;
  env: Record<string, string>;
  startup: {
    firstStartMs: number;
    firstReadyMs: number;
    restartMs: number;
    restartReadyMs: number;
    database: string;
  };
  close(): Promise<void>;
}

export function apiEnv(standIn: StandIn, dataDir: string | null): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: "production",
    SECRET_KEY: SECRET,
    // Access logs at info cost a JSON line per request; production runs at warn (see BENCHMARKS.md).
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
    // Every virtual user comes from 127.0.0.1: per-IP throttling would turn the load into 429s.
    THROTTLE_ENABLED: "false",
    // Runs outlast the 5-minute default access token.
    ACCESS_TOKEN_LIFETIME: "7200",
    GEMINI_BASE_URL: standIn.geminiBase,
    OPENROUTER_BASE_URL: standIn.openrouterBase,
    GEMINI_API_KEY: "bench-gemini-key",
    OPENROUTER_API_KEY: "bench-openrouter-key",
  };
  if (dataDir) env.PGLITE_DIR = dataDir;
  for (const key of PASSED_THROUGH) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

/**
 * Starts the API twice: once on a fresh data directory (migrate + seed), then again on the same
 * one, which is the start the ≤ 2 s target is about. The second process is the one benchmarked.
 */
export async function startServers(nodeArgs: string[]): Promise<Servers> {
  const standIn = await startStandIn(PROVIDER_DELAY_MS);
  const dataDir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), "resumate-bench-"));
  const env = apiEnv(standIn, dataDir);
  const cleanup = () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const first = await startNode("src/entry/node.ts", env);
    await first.stop();
    const api = await startNode("src/entry/node.ts", env, nodeArgs);
    return {
      standIn,
      api,
      env,
      startup: {
        firstStartMs: first.startMs,
        firstReadyMs: first.readyMs,
        restartMs: api.startMs,
        restartReadyMs: api.readyMs,
        database: dataDir ? "pglite" : "postgres",
      },
      async close() {
        await api.stop();
        await standIn.close();
        cleanup();
      },
    };
  } catch (err) {
    await standIn.close();
    cleanup();
    throw err;
  }
}
