/**
 * `npx tsx scripts/bench/profile-models.ts [seconds] [scenario]`: one API server under
 * `node --cpu-prof`, loaded by one scenario (the cached GET by default) at 32 connections, its
 * profile in bench-results/profiles, summarised with profile-summary.ts. For the request path
 * alone: the fixtures and the warm-up run before the measured window.
 */
import { join } from "node:path";
import { Cannon } from "./cannon-client";
import { ROOT, startNode } from "./processes";
import { buildScenarios, createFixtures } from "./scenarios";
import { apiEnv } from "./servers";
import { startStandIn } from "./stand-in";

const [secondsArg = "8", key = "models"] = process.argv.slice(2);
const dir = join(ROOT, "bench-results", "profiles");
const standIn = await startStandIn(200);
const api = await startNode(join(ROOT, "src/entry/node.ts"), apiEnv(standIn, null), [
  "--cpu-prof",
  `--cpu-prof-dir=${dir}`,
]);
const cannon = new Cannon();
try {
  const scenario = buildScenarios(await createFixtures(api.url)).find(
    (s) => s.target === "api" && s.key === key,
  );
  if (!scenario) throw new Error(`no api scenario ${key}`);
  const out = await cannon.run({
    url: `${api.url}${scenario.path}`,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections: 32,
    duration: Number(secondsArg),
    warmup: 2,
  });
  console.log(`${key}: ${out.rps.toFixed(0)} req/s; profile in ${dir}`);
} finally {
  cannon.close();
  await api.stop();
  await standIn.close();
}
