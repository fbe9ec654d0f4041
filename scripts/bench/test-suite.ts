/**
 * `npm run bench -- --only tests`: `npm test` as a developer runs it (the embedded defaults: no
 * TEST_DATABASE_URL or TEST_REDIS_URL), its wall time against issue 26's 2 minutes, with the
 * machine's load average before and after (the suite shares the cores with whatever else runs:
 * a timing means little without it). It runs the whole suite: not part of the default bench.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { ROOT } from "./processes";
import type { Target } from "./report";

export const TEST_WALL_LIMIT_S = 120;

export interface SuiteRun {
  wallS: number;
  exitCode: number | null;
  loadBefore: number;
  loadAfter: number;
  summary: string;
  /** The reporter's FAIL lines (file > test), the first 20: a flake is named, not just counted. */
  failed: string[];
}

export async function testSuiteWallTime(): Promise<SuiteRun> {
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  delete env.TEST_REDIS_URL;
  const loadBefore = loadavg()[0] ?? 0;
  const started = performance.now();
  const child = spawn("npm", ["test"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  let pending = "";
  const failed = new Set<string>();
  const keep = (d: Buffer) => {
    tail = (tail + String(d)).slice(-4000);
    const lines = (pending + String(d)).split("\n");
    pending = (lines.pop() ?? "").slice(-4000);
    for (const line of lines) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the reporter's colours
      const plain = line.replace(/\u001b\[[0-9;]*m/g, "").trim();
      if (plain.startsWith("FAIL ") && failed.size < 20) failed.add(plain.slice(5).trim());
    }
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exitCode = await new Promise<number | null>((ok) => child.on("close", ok));
  const wallS = (performance.now() - started) / 1000;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the reporter's colours
  const plain = tail.replace(/\u001b\[[0-9;]*m/g, "");
  const summary = plain
    .split("\n")
    .filter((l) => /^\s*(Test Files|Tests)\s/.test(l))
    .map((l) => l.trim())
    .join("; ");
  return {
    wallS,
    exitCode,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
    summary,
    failed: [...failed],
  };
}

export function testSuiteTargets(run: SuiteRun): Target[] {
  const load = `load ${run.loadBefore.toFixed(1)} -> ${run.loadAfter.toFixed(1)}`;
  return [
    {
      target: `npm test on the embedded defaults <= ${TEST_WALL_LIMIT_S} s, every test passing`,
      measured:
        `${run.wallS.toFixed(0)} s, exit ${run.exitCode} (${run.summary || "no summary"}; ${load})` +
        (run.failed.length ? `; failed: ${run.failed.join(" | ")}` : ""),
      pass: run.exitCode === 0 && run.wallS <= TEST_WALL_LIMIT_S,
    },
  ];
}
