/**
 * A/B of two checkouts on this noisy machine: both APIs run side by side on one database, and
 * short autocannon rows alternate between them (A B, then B A, ...), so drift in the machine's
 * speed lands on both. Prints the median req/s and server CPU µs per request of each.
 *
 *   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/ab.ts /tmp/before . list,create 6
 *
 * AB_BASELINE=1 adds the bench's bare Hono baseline (`/static`, the cached GET's body) to each
 * round of the `models` key, in the same rotation, and prints each side's req/s as a share of
 * the baseline's in the same round (median and every round): the target row's ratio with the
 * machine's drift on all three.
 */
import { resolve } from "node:path";
import { Cannon } from "./cannon-client";
import { cpuSecondsOf, type Proc, settle, startNode } from "./processes";
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
  const shares = new Map<string, number[]>();
  let baseline: Proc | undefined;
  try {
    const scenarios = buildScenarios(await createFixtures(a.url)).filter(
      (s) => s.target === "api" && keys.includes(s.key),
    );
    if (process.env.AB_BASELINE) {
      const body = await (await fetch(`${a.url}/api/ai/models/`)).text();
      baseline = await startNode("scripts/bench/baseline.ts", { BASELINE_BODY: body });
    }
    for (let round = 0; round < rounds; round++) {
      const sides: [string, Proc, string?][] = [
        ["A", a],
        ["B", b],
      ];
      if (baseline) sides.push(["base", baseline, "/static"]);
      // Each side first in turn (A B base, B base A, base A B, ...).
      const order = sides.map((_, i) => sides[(i + round) % sides.length] as (typeof sides)[0]);
      for (const s of scenarios) {
        const rps = new Map<string, number>();
        for (const [name, server, path] of order) {
          if (path && s.key !== "models") continue;
          await settle(server.pid);
          const cpu0 = cpuSecondsOf(server.pid);
          const out = await cannon.run({
            url: `${server.url}${path ?? s.path}`,
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
          rps.set(name, out.rps);
        }
        const base = rps.get("base");
        if (base)
          for (const name of ["A", "B"])
            shares.set(name, [...(shares.get(name) ?? []), (rps.get(name) ?? 0) / base]);
      }
    }
    for (const [key, r] of [...results].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const all = r.rps.map((x) => x.toFixed(0)).join(", ");
      console.log(
        `${key.padEnd(12)} median ${median(r.rps).toFixed(0)} req/s, ${median(r.cpu).toFixed(0)} µs CPU/request (rows: ${all})`,
      );
    }
    for (const [name, v] of shares) {
      const all = v.map((x) => (x * 100).toFixed(0)).join(", ");
      console.log(`${name} / baseline  median ${(median(v) * 100).toFixed(1)} % (rounds: ${all})`);
    }
  } finally {
    cannon.close();
    await Promise.all([a.stop(), b.stop(), baseline?.stop()]);
    await standIn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
