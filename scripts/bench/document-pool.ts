/**
 * What the Node entry's document threads add to an export (issue 21, target: under 2 ms): the
 * 2-page resume fixture as md, json and pdf, one call at a time, in this thread
 * (`inlineDocumentWork`, what Workers and the app tests run) and through the pool
 * (`createDocumentPool`, one warm thread: the job and its answer cross by structured clone).
 * Blocks of calls alternate inline / pool so a noisy machine's drift lands on both.
 * `npx tsx scripts/bench/document-pool.ts [calls per block] [blocks]`.
 */
import { readFileSync } from "node:fs";
import { inlineDocumentWork } from "../../src/documents/inline";
import type { DocumentWork } from "../../src/documents/work";
import { createDocumentPool } from "../../src/entry/document-pool";
import { spread } from "./stats";

const content = readFileSync(
  new URL("../../test/fixtures/documents/resume-2-pages.md", import.meta.url),
  "utf8",
);
const perBlock = Number(process.argv[2] ?? 50);
const blocks = Number(process.argv[3] ?? 6);
const doc = { title: "Alice Müller", content };
const pool = createDocumentPool({ threads: 1, queueMax: 8, timeoutMs: 60_000 });
const ways: Array<[string, DocumentWork]> = [
  ["inline", inlineDocumentWork],
  ["pool", pool],
];

async function block(work: DocumentWork, format: "md" | "json" | "pdf", into: number[]) {
  for (let i = 0; i < perBlock; i++) {
    const start = performance.now();
    await work.run({ kind: "file", doc, format });
    into.push(performance.now() - start);
  }
}

await pool.warm();
for (const format of ["md", "json", "pdf"] as const) {
  const times = new Map<string, number[]>(ways.map(([name]) => [name, []]));
  for (const [, work] of ways) await block(work, format, []); // warm-up
  for (let b = 0; b < blocks; b++) {
    const order = b % 2 === 0 ? ways : [...ways].reverse();
    for (const [name, work] of order) await block(work, format, times.get(name) ?? []);
  }
  const inline = spread(times.get("inline") ?? []);
  const pooled = spread(times.get("pool") ?? []);
  const added = Math.round((pooled.p50 - inline.p50) * 100) / 100;
  process.stdout.write(
    `${format.padEnd(4)} inline p50 ${inline.p50} ms p99 ${inline.p99} ms | pool p50 ${pooled.p50} ms p99 ${pooled.p99} ms | added p50 ${added} ms ${added < 2 ? "PASS" : "MISS"} (< 2 ms, n=${pooled.n})\n`,
  );
}
await pool.close();
