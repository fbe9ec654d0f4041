/**
 * The renderers alone, in this process: `renderDocument` of the 2-page resume fixture per format,
 * after a warm-up, one call at a time; CPU per call (user + system) is steadier than wall time on
 * a shared machine. `npx tsx scripts/bench/documents.ts [rounds]`.
 * The HTTP rows (`--only=export_docx,export_pdf`) add the request, the token check and the read.
 */
import { readFileSync } from "node:fs";
import { EXPORT_FORMATS, renderDocument } from "../../src/documents/export";
import { spread } from "./stats";

const content = readFileSync(
  new URL("../../test/fixtures/documents/resume-2-pages.md", import.meta.url),
  "utf8",
);
const rounds = Number(process.argv[2] ?? 200);
const doc = { title: "Alice Müller", content };

for (const format of EXPORT_FORMATS) {
  for (let i = 0; i < 20; i++) await renderDocument(doc, format);
  const times: number[] = [];
  let bytes = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const out = await renderDocument(doc, format);
    times.push(performance.now() - start);
    bytes = typeof out.body === "string" ? out.body.length : out.body.byteLength;
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / rounds;
  const s = spread(times);
  process.stdout.write(
    `${format.padEnd(5)} ${String(bytes).padStart(7)} bytes  p50 ${s.p50} ms  p99 ${s.p99} ms  max ${s.max} ms  CPU ${cpuMs.toFixed(2)} ms per call  (n=${s.n})\n`,
  );
}
