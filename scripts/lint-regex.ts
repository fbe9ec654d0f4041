import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lintRegexTree } from "./regex-safety";

/** `npm run lint`'s regex step: fails on any super-linear (or unanalysable) pattern in src/. */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();
const findings = lintRegexTree(join(root, "src"), root);
for (const f of findings) {
  console.error(`${f.file}:${f.line}  ${f.rule}\n  ${f.text}\n  ${f.message}\n`);
}
const ms = Math.round(performance.now() - started);
if (findings.length > 0) {
  console.error(`regex check: ${findings.length} problem(s) in src/ (${ms} ms)`);
  process.exit(1);
}
console.log(`regex check: src/ clean (${ms} ms)`);
