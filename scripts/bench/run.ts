/**
 * `npm run bench [-- --quick] [-- --profile]`: the API (production settings) beside a bare-Hono
 * baseline, loaded by autocannon from a separate process; prints a table and the targets and
 * writes the same as JSON to bench-results/. See BENCHMARKS.md. `BENCH_NODE_ARGS="--flag ..."`
 * starts the API and the baseline with the same extra Node flags (an experiment's knob: what
 * `npm start` runs is without them).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { api as call } from "./api-client";
import { Cannon } from "./cannon-client";
import { embeddedDefault, embeddedTargets } from "./embedded";
import { matchEngineTiming } from "./match";
import { generationOverhead, streamingFirstChunk } from "./probes";
import { cpuSecondsOf, memoryOf, type Proc, ROOT, sampleRss, settle, startNode } from "./processes";
import { printRows, printTargets, type Row, writeResults } from "./report";
import { buildScenarios, createFixtures, probeScenarios, type Scenario } from "./scenarios";
import { PROVIDER_DELAY_MS, startServers } from "./servers";
import { evaluateTargets } from "./targets";
import { testSuiteTargets, testSuiteWallTime } from "./test-suite";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    only: { type: "string" },
    connections: { type: "string" },
  },
});
const quick = args.quick ?? false;
const settings = {
  duration: quick ? 2 : 10,
  warmup: quick ? 1 : 3,
  probes: quick ? 20 : 100,
  connections: (args.connections ?? "1,32,128").split(",").map(Number),
};
const only = args.only?.split(",");
const benchNodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);

/** Same size as /api/ai/models/ (its own body when the endpoint exists). */
async function baselineBody(apiUrl: string): Promise<string> {
  const res = await call(apiUrl, "GET", "/api/ai/models/");
  if (res.status === 200) return JSON.stringify(res.body);
  return JSON.stringify({ cache_status: "HIT (Response from Redis cache)", data: [] }).padEnd(700);
}

const PER_CONNECTION = new Set(["date", "connection", "keep-alive", "content-length"]);

/** The headers of the API's cached GET (without the per-connection ones), for /static-headers. */
async function baselineHeaders(apiUrl: string): Promise<string> {
  const res = await fetch(`${apiUrl}/api/ai/models/`);
  await res.arrayBuffer();
  const out: Record<string, string> = {};
  for (const [k, v] of res.headers) if (!PER_CONNECTION.has(k)) out[k] = v;
  return JSON.stringify(out);
}

async function runScenario(cannon: Cannon, s: Scenario, url: string, conns: number, pid: number) {
  const cpuBefore = cpuSecondsOf(pid);
  const wallBefore = performance.now();
  const r = await cannon.run({
    url: `${url}${s.path}`,
    method: s.method,
    headers: s.headers,
    body: s.body,
    connections: conns,
    // A login takes ~0.2 s of CPU: a 2 s run at 32 connections would end before the first answer.
    duration: s.key === "login" ? Math.max(settings.duration, 8) : settings.duration,
    warmup: settings.warmup,
  });
  const cpu = cpuSecondsOf(pid) - cpuBefore;
  const cores = cpu / ((performance.now() - wallBefore) / 1000);
  const row: Row = { key: s.key, name: s.name, connections: conns, rps: r.rps, p50: r.p50 };
  return {
    ...row,
    p99: r.p99,
    errors: r.errors + r.non2xx,
    cpuUs: (cpu * 1e6) / Math.max(1, r.requests + r.warmupRequests),
    cores: s.key === "login" ? cores : undefined,
  };
}

/** The rows whose target is a share of the baseline's req/s (targets.ts). */
const RATIO_KEYS = new Set(["models", "list", "create"]);
const RATIO_ROUNDS = 3;

/**
 * A ratio row measured side by side: the baseline and the endpoint alternate RATIO_ROUNDS times
 * (B A B A ...), each round's ratio against the baseline run just before it; the row is the
 * round of the median ratio. One baseline row minutes earlier made the ratio swing by a fifth
 * between runs of the same code (the machine's own speed moves that much: BENCHMARKS.md #35).
 */
async function sideBySide(
  cannon: Cannon,
  s: Scenario,
  baselineScenario: Scenario,
  targets: Record<Scenario["target"], Proc>,
  conns: number,
): Promise<Row> {
  const rounds: Row[] = [];
  for (let i = 0; i < RATIO_ROUNDS; i++) {
    const b = targets[baselineScenario.target];
    await settle(targets.api.pid);
    const base = await runScenario(cannon, baselineScenario, b.url, conns, b.pid);
    const t = targets[s.target];
    await settle(targets.api.pid);
    const row = await runScenario(cannon, s, t.url, conns, t.pid);
    row.ratio = (row.rps ?? 0) / Math.max(1, base.rps ?? 0);
    console.log(
      `  ${s.key} @${conns} round ${i + 1}: baseline ${base.rps?.toFixed(0)} req/s, ${s.key} ${row.rps?.toFixed(0)} req/s (${((row.ratio ?? 0) * 100).toFixed(0)}%)`,
    );
    rounds.push(row);
  }
  const sorted = [...rounds].sort((x, y) => (x.ratio ?? 0) - (y.ratio ?? 0));
  return sorted[sorted.length >> 1] as Row;
}

async function runAll(
  cannon: Cannon,
  scenarios: Scenario[],
  targets: Record<Scenario["target"], Proc>,
) {
  const rows: Row[] = [];
  for (const s of scenarios) {
    // A floor row runs with the endpoint it is the floor of.
    if (only && s.key !== "baseline" && !only.includes(s.key.replace(/^floor_/, ""))) continue;
    for (const conns of settings.connections) {
      if (s.skipped) {
        rows.push({ key: s.key, name: s.name, connections: conns, skipped: s.skipped });
        continue;
      }
      const target = targets[s.target];
      const baselineScenario = scenarios.find((b) => b.key === "baseline");
      let row: Row;
      if (RATIO_KEYS.has(s.key) && baselineScenario) {
        row = await sideBySide(cannon, s, baselineScenario, targets, conns);
      } else {
        await settle(targets.api.pid);
        row = await runScenario(cannon, s, target.url, conns, target.pid);
        const base = rows.find((r) => r.key === "baseline" && r.connections === conns);
        if (base?.rps && s.key !== "baseline") row.ratio = (row.rps ?? 0) / base.rps;
      }
      rows.push(row);
      console.log(`  ${s.key} @${conns}: ${row.rps?.toFixed(0)} req/s, p99 ${row.p99} ms`);
    }
  }
  return rows;
}

/** Logins at full speed (32 connections) while cached GETs arrive at a steady 200/s. */
async function loginUnderLoad(scenarios: Scenario[], apiUrl: string) {
  const login = scenarios.find((s) => s.key === "login");
  const models = scenarios.find((s) => s.key === "models");
  if (!login || !models || login.skipped || models.skipped) return undefined;
  const [a, b] = [new Cannon(), new Cannon()];
  try {
    const job = (s: Scenario, connections: number, rate?: number) => ({
      url: `${apiUrl}${s.path}`,
      method: s.method,
      headers: s.headers,
      body: s.body,
      connections,
      duration: settings.duration * 2,
      warmup: 0,
      rate,
    });
    const [, gets] = await Promise.all([a.run(job(login, 32)), b.run(job(models, 8, 200))]);
    return gets.p99;
  } finally {
    a.close();
    b.close();
  }
}

/** `--only embedded`: just the embedded default as `npm start` runs it (issue 26). */
async function embeddedOnly() {
  console.log("bench: the embedded default (npm start, first start and restart)...");
  const embedded = await embeddedDefault();
  const targets = embeddedTargets(embedded);
  printTargets(targets);
  console.log(`\nwrote ${writeResults("bench-embedded", { embedded, targets })}`);
}

/** `--only tests`: `npm test` on the embedded defaults, timed (issue 26). */
async function testsOnly() {
  console.log("bench: npm test on the embedded defaults...");
  const run = await testSuiteWallTime();
  const targets = testSuiteTargets(run);
  printTargets(targets);
  console.log(`\nwrote ${writeResults("bench-tests", { run, targets })}`);
}

async function main() {
  if (only?.includes("embedded")) return embeddedOnly();
  if (only?.includes("tests")) return testsOnly();
  const nodeArgs = args.profile
    ? ["--cpu-prof", `--cpu-prof-dir=${join(ROOT, "bench-results", "profiles")}`]
    : benchNodeArgs;
  if (args.profile) mkdirSync(join(ROOT, "bench-results", "profiles"), { recursive: true });
  // The README's first command, measured before anything else runs (issue 26).
  const embedded = only ? undefined : await embeddedDefault();
  console.log(`bench ${quick ? "(quick)" : ""}: starting the API...`);
  const servers = await startServers(nodeArgs);
  const { api, standIn } = servers;
  const st = servers.startup;
  console.log(
    `  first start: health ${st.firstStartMs.toFixed(0)} ms, ready ${st.firstReadyMs.toFixed(0)} ms; restart: health ${st.restartMs.toFixed(0)} ms, ready ${st.restartReadyMs.toFixed(0)} ms`,
  );
  const baseline = await startNode(
    "scripts/bench/baseline.ts",
    {
      BASELINE_BODY: await baselineBody(api.url),
      BASELINE_HEADERS: await baselineHeaders(api.url),
      BASELINE_PROVIDER_URL: standIn.openrouterBase,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
    benchNodeArgs,
  );
  const cannon = new Cannon();
  const rss = sampleRss(api.pid);
  try {
    const fixtures = await createFixtures(api.url);
    const scenarios = buildScenarios(fixtures);
    const urls = { api: api.url, baseline: `${baseline.url}` };
    await probeScenarios(scenarios, urls, fixtures);
    const rows = await runAll(cannon, scenarios, { api, baseline });
    await settle(api.pid);
    const loginGetP99 = await loginUnderLoad(scenarios, api.url);
    await settle(api.pid);
    const generation = await generationOverhead(
      api.url,
      standIn,
      PROVIDER_DELAY_MS,
      settings.probes,
    );
    const generationFloor = await generationOverhead(
      baseline.url,
      standIn,
      PROVIDER_DELAY_MS,
      settings.probes,
    );
    const streaming = await streamingFirstChunk(api.url, standIn, settings.probes);
    const match = matchEngineTiming(quick ? 100 : 300);
    const memory = { sampledPeakMb: rss.stop(), vmHwmMb: memoryOf(api.pid)?.peakMb };
    const loginCores = rows.filter((r) => r.key === "login" && r.cores).at(-1)?.cores;
    const targets = evaluateTargets({
      rows,
      startMs: api.startMs,
      readyMs: api.readyMs,
      loginGetP99,
      loginCores,
      generation,
      streaming,
      match,
    });
    if (embedded) targets.push(...embeddedTargets(embedded));
    printRows(rows);
    console.log(
      "\ngeneration overhead above the provider's own latency:",
      generation.overhead ?? generation.reason,
    );
    console.log(
      `  the floor (bare Hono: fetch to the stand-in${process.env.DATABASE_URL ? ", one durable insert" : ""}):`,
      generationFloor.overhead ?? generationFloor.reason,
    );
    if (generation.aboveFixed) {
      console.log(`generation above the fixed ${PROVIDER_DELAY_MS} ms:`, generation.aboveFixed);
    }
    console.log("streaming first chunk delay:", streaming.overhead ?? streaming.reason);
    console.log("match score in process (20,000-character posting, two-page resume):", match);
    console.log(`server peak RSS: ${memory.vmHwmMb?.toFixed(1)} MB (VmHWM)`);
    printTargets(targets);
    for (const note of fixtures.notes) console.log(`note: ${note}`);
    const file = writeResults("bench", {
      quick,
      settings,
      database: servers.startup.database,
      kv: servers.env.UPSTASH_REDIS_REST_URL ? "upstash" : "memory",
      passwordHashIterations: servers.env.PASSWORD_HASH_ITERATIONS ?? "default",
      logLevel: servers.env.LOG_LEVEL,
      startup: servers.startup,
      rows,
      loginGetP99,
      generation,
      generationFloor,
      streaming,
      match,
      memory,
      embedded,
      targets,
      notes: fixtures.notes,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    cannon.close();
    await baseline.stop();
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
