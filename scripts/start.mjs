/**
 * `npm start`: runs the Node server compiled by esbuild, in this one process (no tsx layer, no
 * child process: SIGTERM to `npm start` reaches the server itself). The bundle in dist/server is
 * rebuilt when a file under src/ or the lockfile is newer than it; `--build` only builds (the
 * Dockerfile). Compiled code starts faster and holds ~50 MB less than the TypeScript loader
 * (BENCHMARKS.md, "The embedded default in 250 MB").
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..");
const out = join(root, "dist", "server");
const stamp = join(out, "built-from");
// The server, and the module its document threads load (src/entry/document-pool.ts).
const entryPoints = {
  node: join(root, "src", "entry", "node.ts"),
  "document-jobs": join(root, "src", "documents", "jobs.ts"),
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function sourcesVersion() {
  const files = [join(root, "package-lock.json"), import.meta.filename];
  const newest = Math.max(newestMtime(join(root, "src")), ...files.map((f) => statSync(f).mtimeMs));
  return String(newest);
}

async function build(version) {
  const { build: esbuild } = await import("esbuild");
  const tmp = `${out}.${process.pid}`;
  await esbuild({
    entryPoints,
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  // Each file is renamed into place (atomic), the stamp last; nothing is deleted, so a server
  // still running an older build keeps its lazily loaded chunks (their names carry a hash).
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(tmp)) renameSync(join(tmp, name), join(out, name));
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(stamp, version);
}

const version = sourcesVersion();
const current = existsSync(stamp) && readFileSync(stamp, "utf8") === version;
if (!current) await build(version);
if (!process.argv.includes("--build")) await import(pathToFileURL(join(out, "node.js")).href);
