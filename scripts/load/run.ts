/**
 * `npm run load [-- --quick]`: the published load test's mix at 25, 100 and 500 virtual users
 * (60 s each; --quick: 15 s), against the API with production settings. Zero errors required;
 * p50/p95/p99 per endpoint and the server's peak RSS. Results also go to bench-results/.
 */
import { fork } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createUser } from "../bench/api-client";
import { memoryOf, sampleRss, settle } from "../bench/processes";
import { printTargets, type Target, writeResults } from "../bench/report";
import { startServers } from "../bench/servers";
import { type Spread, spread } from "../bench/stats";
import type { VuJob, VuReport } from "./vus";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    users: { type: "string" },
    duration: { type: "string" },
  },
});
const durationS = Number(args.duration ?? (args.quick ? 15 : 60));
const levels = (args.users ?? "25,100,500").split(",").map(Number);
const ACCOUNTS = 10;
const RSS_LIMIT_MB = 250;

interface Level {
  users: number;
  endpoints: Record<string, Spread & { rps: number; errors: number }>;
  errors: number;
  errorSamples: string[];
  peakRssMb: number;
}

function runVus(job: VuJob): Promise<VuReport> {
  const child = fork(join(import.meta.dirname, "vus.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (msg: VuReport | { error: string }) => {
      child.disconnect();
      if ("error" in msg) reject(new Error(msg.error));
      else resolve(msg);
    });
    child.once("exit", (code) => reject(new Error(`virtual users exited with ${code}`)));
    child.send(job);
  });
}

function summarize(users: number, report: VuReport, peakRssMb: number): Level {
  const endpoints: Level["endpoints"] = {};
  const names = new Set([...Object.keys(report.latencies), ...Object.keys(report.errors)]);
  for (const name of [...names].sort()) {
    const lat = report.latencies[name] ?? [];
    const errors = report.errors[name] ?? 0;
    endpoints[name] = { ...spread(lat), rps: (lat.length + errors) / durationS, errors };
  }
  const errors = Object.values(report.errors).reduce((a, b) => a + b, 0);
  return { users, endpoints, errors, errorSamples: report.errorSamples, peakRssMb };
}

function printLevel(level: Level) {
  console.log(`\n${level.users} users, ${durationS} s: peak RSS ${level.peakRssMb.toFixed(0)} MB`);
  console.log(
    `  ${"endpoint".padEnd(38)}${"req/s".padStart(8)}${"p50".padStart(9)}${"p95".padStart(9)}${"p99".padStart(9)}${"errors".padStart(8)}`,
  );
  for (const [name, e] of Object.entries(level.endpoints)) {
    const ms = (v: number) => (Number.isNaN(v) ? "-" : v.toFixed(1)).padStart(9);
    console.log(
      `  ${name.padEnd(38)}${e.rps.toFixed(1).padStart(8)}${ms(e.p50)}${ms(e.p95)}${ms(e.p99)}${String(e.errors).padStart(8)}`,
    );
  }
  for (const s of level.errorSamples) console.log(`  error: ${s}`);
}

function targetsFor(results: Level[], database: string): Target[] {
  const targets: Target[] = results.map((l) => ({
    target: `zero errors at ${l.users} users`,
    measured: `${l.errors} errors`,
    pass: l.errors === 0,
  }));
  const biggest = results.find((l) => l.users === 500);
  targets.push({
    target: `peak RSS <= ${RSS_LIMIT_MB} MB at 500 users (on PostgreSQL)`,
    measured: biggest ? `${biggest.peakRssMb.toFixed(0)} MB on ${database}` : "not run",
    pass: biggest && database === "postgres" ? biggest.peakRssMb <= RSS_LIMIT_MB : null,
  });
  return targets;
}

async function main() {
  const servers = await startServers([]);
  const { api } = servers;
  try {
    const accounts: string[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const u = await createUser(api.url, "load");
      if (u) accounts.push(u.username);
    }
    const results: Level[] = [];
    for (const users of levels) {
      await settle(api.pid);
      const rss = sampleRss(api.pid);
      const rampS = Math.min(durationS / 2, users / 10);
      const report = await runVus({ url: api.url, users, durationS, rampS, accounts });
      results.push(summarize(users, report, rss.stop()));
      printLevel(results[results.length - 1] as Level);
    }
    const targets = targetsFor(results, servers.startup.database);
    printTargets(targets);
    console.log(`server peak RSS over the run: ${memoryOf(api.pid)?.peakMb.toFixed(0)} MB (VmHWM)`);
    const file = writeResults("load", {
      durationS,
      database: servers.startup.database,
      kv: servers.env.UPSTASH_REDIS_REST_URL ? "upstash" : "memory",
      passwordHashIterations: servers.env.PASSWORD_HASH_ITERATIONS ?? "default",
      results,
      targets,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    await servers.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
