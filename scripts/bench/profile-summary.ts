/**
 * `npx tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top] [windowSeconds]`: self time by
 * function and by package inside the busiest window of the profile (the load run, not the
 * start or the idle gaps between runs), to find what a request spends its time on.
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, windowArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary <file.cpuprofile> [top] [windowSeconds]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const idle = new Set(
  profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id),
);

/** The [first, last) sample range of `windowUs` with the least idle time (two pointers). */
function busiestWindow(windowUs: number): [number, number] {
  const { samples, timeDeltas } = profile;
  let best: [number, number] = [0, samples.length];
  let bestBusy = -1;
  let busy = 0;
  let span = 0;
  let lo = 0;
  for (let hi = 0; hi < samples.length; hi++) {
    const d = timeDeltas[hi] ?? 0;
    span += d;
    if (!idle.has(samples[hi] ?? -1)) busy += d;
    while (span > windowUs && lo < hi) {
      const dl = timeDeltas[lo] ?? 0;
      span -= dl;
      if (!idle.has(samples[lo] ?? -1)) busy -= dl;
      lo++;
    }
    if (busy > bestBusy) {
      bestBusy = busy;
      best = [lo, hi + 1];
    }
  }
  console.log(
    `busiest ${windowUs / 1e6} s window: ${((100 * bestBusy) / windowUs).toFixed(0)}% busy`,
  );
  return best;
}

const [from, to] = busiestWindow(Number(windowArg ?? 5) * 1e6);
const self = new Map<number, number>();
for (let i = from; i < to; i++) {
  const id = profile.samples[i] ?? -1;
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
for (const [id, us] of self) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  total += us;
  const short = frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/\/work\/main\//, "");
  const key = `${frame.functionName || "(anonymous)"}  ${short}:${frame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg =
    /node_modules\/((@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1] ??
    (frame.url.includes("/src/") ? "src" : frame.url ? "node:" : frame.functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const top = Number(topArg ?? 30);
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
show("self time by package", byPackage);
show("self time by function", byFunction);
