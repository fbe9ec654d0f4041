import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { parseConfig } from "../../src/config";
import { createPostgresDatabase } from "../../src/db/postgres";
import { prepareDatabase } from "../../src/entry/node-deps";
import type { E2eTarget } from "./e2e-target";
import { captureOutput, freePort, waitForReady } from "./node-server";
import { redisReachable, startTestBridge, type TestBridge } from "./redis";

/**
 * The e2e target on workerd: `npm run dev:worker` (scripts/dev-worker.ts → wrangler dev) on the
 * real PostgreSQL of TEST_DATABASE_URL (through Hyperdrive's local connection string) and the
 * real Redis of TEST_REDIS_URL through scripts/upstash-bridge.ts, with the settings the Node
 * target gets. The Worker does not migrate, so the database is prepared here first, as a
 * deployment runs `npm run db:migrate` before `wrangler deploy`.
 */
async function prepare(databaseUrl: string, env: Record<string, string>) {
  // Two connections: `exclusive` holds one for the advisory lock while migrating on the other.
  const database = createPostgresDatabase(databaseUrl, [], { max: 2 });
  try {
    const config = parseConfig({ ...env, DATABASE_URL: databaseUrl });
    await prepareDatabase(database, config, {
      hasher: {
        iterations: config.PASSWORD_HASH_ITERATIONS,
        webCryptoMaxIterations: Number.POSITIVE_INFINITY,
      },
    });
  } finally {
    await database.close();
  }
}

function stopProcess(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const force = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    proc.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill("SIGTERM");
  });
}

export async function startWorkerServer(env: Record<string, string>): Promise<E2eTarget> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    throw new Error("E2E_WORKER=1 needs TEST_DATABASE_URL: the Worker runs on PostgreSQL only");
  }
  await prepare(databaseUrl, env);
  let bridge: TestBridge | undefined;
  if (await redisReachable()) bridge = await startTestBridge();
  // A port can still be taken between the pick and wrangler's bind: try again with others.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWrangler(databaseUrl, env, bridge);
    } catch (err) {
      if (attempt < 3 && /Address already in use/.test((err as Error).message)) continue;
      await bridge?.close();
      throw err;
    }
  }
}

async function startWrangler(
  databaseUrl: string,
  env: Record<string, string>,
  bridge: TestBridge | undefined,
): Promise<E2eTarget> {
  const [port, inspector] = [await freePort(), await freePort()];
  const proc = spawn(
    join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["scripts/dev-worker.ts", "--inspector-port", String(inspector), "--log-level", "warn"],
    {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        ...env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        ...(bridge
          ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token }
          : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output = captureOutput(proc);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(url, 90_000, proc);
  } catch (err) {
    await stopProcess(proc);
    throw new Error(`${(err as Error).message}\n${output()}`);
  }
  return {
    kind: "worker",
    url,
    output,
    async stop() {
      await stopProcess(proc);
      await bridge?.close();
    },
  };
}
