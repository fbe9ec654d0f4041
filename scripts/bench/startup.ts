/**
 * `npx tsx scripts/bench/startup.ts [--runs N] [--top K] <a.bundle> [b.bundle ...]`: the Worker's
 * start-up CPU as `wrangler check startup` profiles it (issue 26's instrument, BENCHMARKS.md
 * #26, #32, #34), several bundles interleaved (A B A B ...) so a shared machine's drift lands on
 * every side. Make a bundle with `wrangler deploy --dry-run --outfile x.bundle` (it runs the
 * build, scripts/build-worker.ts). Per run: the profile's non-idle time (every sample but
 * `(idle)`, each counting its interval) and its non-idle samples times the median interval (a
 * sample that waited for a core counts its whole wait in the first, not in the second); per
 * bundle: the medians, and with `--top` where the busy samples of all its runs fell (by the
 * innermost frame's function and file, and by the module the outermost frame belongs to).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Run {
  busyMs: number;
  scaledMs: number;
  /** Busy microseconds by innermost frame ("function file:line"). */
  inner: Map<string, number>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const where = (f: Frame): string =>
  `${f.functionName || "(top level)"}  ${basename(f.url) || "-"}${f.lineNumber >= 0 ? `:${f.lineNumber + 1}` : ""}`;

/** Non-idle time of one profile, and where it fell. */
export function summarize(profile: Profile): Run {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inner = new Map<string, number>();
  let busy = 0;
  let count = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") return;
    const us = profile.timeDeltas[i] ?? 0;
    busy += us;
    count++;
    inner.set(where(frame), (inner.get(where(frame)) ?? 0) + us);
  });
  const interval = median(profile.timeDeltas.filter((d) => d > 0));
  return { busyMs: busy / 1000, scaledMs: (count * interval) / 1000, inner };
}

function profileOnce(bundle: string, dir: string, n: number): Run {
  const outfile = join(dir, `${basename(bundle)}-${n}.cpuprofile`);
  execFileSync(
    "node_modules/.bin/wrangler",
    ["check", "startup", "--worker", bundle, "--outfile", outfile],
    { stdio: "ignore", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  return summarize(JSON.parse(readFileSync(outfile, "utf8")) as Profile);
}

function parseArgs(argv: string[]) {
  let runs = 7;
  let top = 0;
  const bundles: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--runs") runs = Number(argv[++i]);
    else if (a === "--top") top = Number(argv[++i]);
    else bundles.push(a);
  }
  if (bundles.length === 0) throw new Error("usage: startup.ts [--runs N] [--top K] <bundle>...");
  return { runs, top, bundles };
}

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

function main() {
  const { runs, top, bundles } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "startup-"));
  const results = new Map<string, Run[]>(bundles.map((b) => [b, []]));
  console.log(`load before: ${load()}`);
  for (let n = 0; n < runs; n++) {
    for (const b of bundles) {
      const run = profileOnce(b, dir, n);
      results.get(b)?.push(run);
      console.log(
        `${basename(b)}  run ${n + 1}: ${run.busyMs.toFixed(1)} ms non-idle, ${run.scaledMs.toFixed(1)} ms samples x median interval`,
      );
    }
  }
  console.log(`load after: ${load()}  (profiles in ${dir})`);
  for (const [b, rs] of results) {
    const busy = median(rs.map((r) => r.busyMs));
    const scaled = median(rs.map((r) => r.scaledMs));
    console.log(
      `\n${basename(b)}: median ${busy.toFixed(1)} ms non-idle, ${scaled.toFixed(1)} ms scaled (${rs.length} runs)`,
    );
    if (top > 0) {
      const all = new Map<string, number>();
      for (const r of rs) for (const [k, us] of r.inner) all.set(k, (all.get(k) ?? 0) + us);
      const rows = [...all].sort((x, y) => y[1] - x[1]).slice(0, top);
      for (const [k, us] of rows)
        console.log(`  ${(us / 1000 / rs.length).toFixed(2).padStart(6)} ms  ${k}`);
    }
  }
}

if (process.argv[1]?.endsWith("startup.ts")) main();
