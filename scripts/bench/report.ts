import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { ROOT } from "./processes";

/** Table, targets and the JSON file shared by the bench and the load scenario. */

export interface Row {
  key: string;
  name: string;
  connections: number;
  skipped?: string;
  rps?: number;
  p50?: number;
  p99?: number;
  errors?: number;
  ratio?: number;
  /** CPU cores the API process used during the run (login only). */
  cores?: number;
  /** Server CPU time per request (µs): steadier than req/s on a shared machine. */
  cpuUs?: number;
}

export interface Target {
  target: string;
  measured: string;
  /** null: not measured in this run (a feature missing, or not applicable). */
  pass: boolean | null;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const fmt = (n: number | undefined, digits = 0) => (n === undefined ? "-" : n.toFixed(digits));

export function printRows(rows: Row[]) {
  const head = `${pad("endpoint", 42)}${lpad("conns", 6)}${lpad("req/s", 10)}${lpad("p50 ms", 8)}${lpad("p99 ms", 8)}${lpad("errors", 8)}${lpad("ratio", 8)}${lpad("cpu µs", 9)}`;
  console.log(`\n${head}\n${"-".repeat(head.length)}`);
  for (const r of rows) {
    const left = `${pad(r.name, 42)}${lpad(String(r.connections), 6)}`;
    if (r.skipped) {
      console.log(`${left}  ${r.skipped}`);
      continue;
    }
    const ratio = r.ratio === undefined ? "-" : `${(r.ratio * 100).toFixed(0)}%`;
    const cores = r.cores === undefined ? "" : `  (${r.cores.toFixed(2)} cores)`;
    console.log(
      `${left}${lpad(fmt(r.rps), 10)}${lpad(fmt(r.p50), 8)}${lpad(fmt(r.p99), 8)}${lpad(fmt(r.errors), 8)}${lpad(ratio, 8)}${lpad(fmt(r.cpuUs), 9)}${cores}`,
    );
  }
}

export function printTargets(targets: Target[]) {
  console.log("\ntargets");
  for (const t of targets) {
    const verdict = t.pass === null ? "n/a " : t.pass ? "PASS" : "MISS";
    console.log(`  ${verdict}  ${pad(t.target, 58)} ${t.measured}`);
  }
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
  } catch {
    return "unknown";
  }
}

/** Writes bench-results/<kind>-<timestamp>.json (gitignored) and returns its path. */
export function writeResults(kind: string, data: Record<string, unknown>): string {
  const dir = join(ROOT, "bench-results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(dir, `${kind}-${stamp}.json`);
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
  writeFileSync(
    file,
    `${JSON.stringify({ kind, at: new Date().toISOString(), commit: gitCommit(), machine, ...data }, null, 2)}\n`,
  );
  return file;
}
