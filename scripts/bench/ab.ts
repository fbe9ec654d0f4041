/**
 * A/B of two checkouts on this noisy machine: both APIs run side by side on one database, and
 * short autocannon rows alternate between them (A B, then B A, ...), so drift in the machine's
 * speed lands on both. Prints the median req/s and server CPU µs per request of each.
 *
 *   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/ab.ts /tmp/before . list,create 6
 */
import { resolve } from "node:path";
import { Cannon } from "./cannon-client";
import { cpuSecondsOf, settle, startNode } from "./processes";
import { buildScenarios, createFixtures } from "./scenarios";
import { apiEnv } from "./servers";
import { startStandIn } from "./stand-in";

const [dirA, dirB, keyList = "models,list,create", roundsArg = "5"] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error("usage: ab.ts <checkout A> <checkout B> [scenario keys] [rounds]");
  process.exit(2);
}
const keys = keyList.split(",");
const rounds = Number(roundsArg);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;

async function main() {
  const standIn = await startStandIn(200);
  const env = apiEnv(standIn, null);
  const a = await startNode(resolve(dirA as string, "src/entry/node.ts"), env);
  const b = await startNode(resolve(dirB as string, "src/entry/node.ts"), env);
  const cannon = new Cannon();
  const results = new Map<string, { rps: number[]; cpu: number[] }>();
  try {
    const scenarios = buildScenarios(await createFixtures(a.url)).filter(
      (s) => s.target === "api" && keys.includes(s.key),
    );
    for (let round = 0; round < rounds; round++) {
      const order =
        round % 2 === 0
          ? ([
              ["A", a],
              ["B", b],
            ] as const)
          : ([
              ["B", b],
              ["A", a],
            ] as const);
      for (const s of scenarios) {
        for (const [name, server] of order) {
          await settle(server.pid);
          const cpu0 = cpuSecondsOf(server.pid);
          const out = await cannon.run({
            url: `${server.url}${s.path}`,
            method: s.method,
            headers: s.headers,
            body: s.body,
            connections: 32,
            duration: 3,
            warmup: 1,
          });
          const cpuUs =
            ((cpuSecondsOf(server.pid) - cpu0) * 1e6) / (out.requests + out.warmupRequests);
          const key = `${s.key} ${name}`;
          const r = results.get(key) ?? { rps: [], cpu: [] };
          r.rps.push(out.rps);
          r.cpu.push(cpuUs);
          results.set(key, r);
        }
      }
    }
    for (const [key, r] of [...results].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const all = r.rps.map((x) => x.toFixed(0)).join(", ");
      console.log(
        `${key.padEnd(12)} median ${median(r.rps).toFixed(0)} req/s, ${median(r.cpu).toFixed(0)} µs CPU/request (rows: ${all})`,
      );
    }
  } finally {
    cannon.close();
    await Promise.all([a.stop(), b.stop()]);
    await standIn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
