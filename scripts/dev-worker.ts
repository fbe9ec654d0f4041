/**
 * `npm run dev:worker`: runs the Worker under `wrangler dev` (workerd) with the SAME environment
 * settings the Node server reads, so one `.env`/environment and one e2e suite drive both runtimes.
 *
 * - every setting of src/config.ts that is set (and AI keys: names containing API_KEY) becomes a
 *   Worker var, through a private temporary env file (not `--var`, which would put secrets on
 *   the command line for every `ps` to see);
 * - DATABASE_URL becomes Hyperdrive's local connection string; PORT and HOST the listen address.
 * Extra arguments are passed to wrangler (e.g. `npm run dev:worker -- --log-level debug`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSchema } from "../src/config";

const env = process.env;
const settingNames = new Set(Object.keys(configSchema.shape));

export function workerVars(source: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (settingNames.has(name) || /API_KEY/.test(name)) vars[name] = value;
  }
  // The database arrives through the Hyperdrive binding instead.
  delete vars.DATABASE_URL;
  delete vars.PGLITE_DIR;
  // wrangler.toml's [vars] describe production; locally the Node server's default applies.
  vars.NODE_ENV ??= "development";
  return vars;
}

/**
 * Hyperdrive's local connection string must carry a password; a server with trust auth (a
 * local or CI PostgreSQL) ignores the placeholder.
 */
export function hyperdriveLocalUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!url.password) url.password = "local-no-password";
  return url.toString();
}

/** dotenv syntax that wrangler reads back verbatim (double quotes, escaped). */
function envFile(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join("\n");
}

function main() {
  if (!env.DATABASE_URL) {
    process.stderr.write(
      "dev:worker needs DATABASE_URL (PostgreSQL; the Worker has no embedded database).\n" +
        "Run `npm run db:migrate` against it first: the Worker does not migrate.\n",
    );
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), "resumate-worker-"));
  const file = join(dir, "worker.env");
  writeFileSync(file, envFile(workerVars(env)), { mode: 0o600 });
  const args = [
    "dev",
    "--port",
    env.PORT ?? "8787",
    "--ip",
    env.HOST ?? "127.0.0.1",
    "--env-file",
    file,
    "--persist-to",
    join(dir, "state"),
    "--show-interactive-dev-session=false",
    ...process.argv.slice(2),
  ];
  const wrangler = join(process.cwd(), "node_modules", ".bin", "wrangler");
  const child = spawn(wrangler, args, {
    stdio: "inherit",
    env: {
      ...env,
      WRANGLER_SEND_METRICS: "false",
      // Works offline: no download of the Request.cf sample object.
      CLOUDFLARE_CF_FETCH_ENABLED: env.CLOUDFLARE_CF_FETCH_ENABLED ?? "false",
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveLocalUrl(
        env.DATABASE_URL,
      ),
    },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGTERM", forward("SIGTERM"));
  process.on("SIGINT", forward("SIGINT"));
  child.on("exit", (code, signal) => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(code ?? (signal ? 0 : 1));
  });
}

if (process.argv[1]?.endsWith("dev-worker.ts")) main();
