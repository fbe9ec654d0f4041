/**
 * Checks the Workers build (scripts/build-worker.ts, which `wrangler deploy --dry-run --outdir
 * dist/worker` runs first) and fails when:
 * - it contains PGlite or Node-only modules: they would bloat the upload or crash at load;
 * - what a cold isolate evaluates (the entry and the modules it imports statically) holds a
 *   module that must load on first use only (the renderers, the AI SDKs, the docs page's assets,
 *   the HTML parser, Sentry): someone imported it statically;
 * - that start-up part is over 1.2 MB gzipped (BENCHMARKS.md #26).
 * It reports the start-up part and the whole upload, raw and gzipped. Which module holds which
 * source comes from esbuild's metafile (meta.json next to the build).
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { Metafile } from "esbuild";
import { WORKER_BUILD_DIR, WORKER_ENTRY } from "./build-worker";

/** The start-up modules' budget, gzipped (the issue's 1.2 MB). */
export const STARTUP_GZIP_LIMIT = 1_200_000;

const FORBIDDEN: Array<[string, RegExp]> = [
  ["PGlite (module)", /^node_modules\/@electric-sql\//],
  ["drizzle's PGlite driver", /^node_modules\/drizzle-orm\/pglite\//],
  ["src/db/pglite.ts", /^src\/db\/pglite/],
  ["src/db/migrate.ts (reads migrations from disk)", /^src\/db\/migrate\.ts$/],
  ["src/entry/node.ts or node-deps.ts", /^src\/entry\/node(-deps)?\.ts$/],
  ["@hono/node-server", /^node_modules\/@hono\/node-server\//],
  ["node-redis", /^node_modules\/@redis\//],
];

/** Loaded on first use (a dynamic import()); never in what a cold isolate evaluates. */
const LAZY_ONLY: Array<[string, RegExp]> = [
  ["docx", /^node_modules\/docx\//],
  ["pdf-lib", /^node_modules\/(@pdf-lib\/|pdf-lib\/)/],
  ["markdown-it", /^node_modules\/markdown-it\//],
  ["@google/genai", /^node_modules\/@google\/genai\//],
  ["openai", /^node_modules\/openai\//],
  ["htmlparser2", /^node_modules\/htmlparser2\//],
  ["@sentry/core", /^node_modules\/@sentry\//],
  ["the MCP SDK", /^node_modules\/@modelcontextprotocol\//],
  ["the docs page's Swagger UI", /^src\/openapi\/assets\.generated\.ts$/],
  [
    "@upstash/redis (the Worker entry loads it when Upstash is configured)",
    /^node_modules\/@upstash\//,
  ],
  ["@noble/hashes (the pure-JS PBKDF2 above WebCrypto's cap)", /^node_modules\/@noble\//],
  ["Django's common-password list", /^src\/features\/auth\/common-passwords\.ts$/],
  // A feature's second face and the routes it lists (src/features/app-routes.ts's lazy groups).
  ["a feature's deferred routes (deferred.ts)", /^src\/features\/[^/]+\/deferred\.ts$/],
  [
    "the routes of tokens, the account export, the resumes' sub-resources or webhooks",
    /^src\/features\/(auth\/(tokens|account-export)|resumes\/(files|shares|trash|versions)|webhooks)\/([^/]+\/)?[^/]+\.routes\.ts$/,
  ],
];

export interface Part {
  files: string[];
  raw: number;
  gzip: number;
}

export interface BundleReport {
  startup: Part;
  total: Part;
  errors: string[];
}

/** The outputs a cold isolate evaluates: the entry and everything it imports statically. */
export function startupOutputs(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  for (let out = stack.pop(); out !== undefined; out = stack.pop()) {
    if (seen.has(out)) continue;
    seen.add(out);
    for (const i of meta.outputs[out]?.imports ?? []) {
      if (i.kind === "import-statement" && !i.external) stack.push(i.path);
    }
  }
  return seen;
}

/** Source modules (metafile input paths) of these outputs that match one of the rules. */
function matching(meta: Metafile, outputs: Iterable<string>, rules: Array<[string, RegExp]>) {
  const found = new Set<string>();
  for (const out of outputs) {
    for (const input of Object.keys(meta.outputs[out]?.inputs ?? {})) {
      for (const [name, re] of rules) if (re.test(input)) found.add(name);
    }
  }
  return [...found];
}

function measure(root: string, dir: string, outputs: string[]): Part {
  let raw = 0;
  let gzip = 0;
  for (const out of outputs) {
    const bytes = readFileSync(resolve(root, out));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { files: outputs.map((o) => relative(dir, resolve(root, o))).sort(), raw, gzip };
}

/** Reads a build (its meta.json) made with `root` as esbuild's working directory. */
export function checkWorkerBuild(dir = WORKER_BUILD_DIR, root = process.cwd()): BundleReport {
  const outDir = resolve(root, dir);
  const meta = JSON.parse(readFileSync(join(outDir, "meta.json"), "utf8")) as Metafile;
  const modules = Object.keys(meta.outputs).filter((o) => o.endsWith(".js"));
  const entry = modules.find((o) => resolve(root, o) === join(outDir, WORKER_ENTRY));
  if (!entry) return { ...empty(), errors: [`${dir} has no ${WORKER_ENTRY}`] };
  const startup = startupOutputs(meta, entry);
  const errors: string[] = [];
  const forbidden = matching(meta, modules, FORBIDDEN);
  if (forbidden.length > 0) errors.push(`the Worker contains: ${forbidden.join(", ")}`);
  const texts = modules.map((o) => readFileSync(resolve(root, o), "utf8"));
  if (texts.some((t) => /\bPGlite\.create\b|new PGlite\(/.test(t))) {
    errors.push("the Worker contains PGlite (class)");
  }
  const eager = matching(meta, startup, LAZY_ONLY);
  if (eager.length > 0) {
    errors.push(`loaded at start-up instead of on first use: ${eager.join(", ")}`);
  }
  const report = {
    startup: measure(root, outDir, [...startup]),
    total: measure(root, outDir, modules),
    errors,
  };
  if (report.startup.gzip > STARTUP_GZIP_LIMIT) {
    errors.push(
      `start-up modules are ${report.startup.gzip} bytes gzipped, over ${STARTUP_GZIP_LIMIT}`,
    );
  }
  return report;
}

function empty(): BundleReport {
  const none = { files: [], raw: 0, gzip: 0 };
  return { startup: none, total: none, errors: [] };
}

const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB`;

if (process.argv[1]?.endsWith("check-worker-bundle.ts")) {
  const report = checkWorkerBuild(process.argv[2]);
  const { startup, total } = report;
  process.stdout.write(
    `worker start-up (${startup.files.length} module(s)): ${kib(startup.raw)}, ` +
      `${kib(startup.gzip)} gzipped (limit ${kib(STARTUP_GZIP_LIMIT)})\n` +
      `worker upload (${total.files.length} module(s)): ${kib(total.raw)}, ${kib(total.gzip)} gzipped\n`,
  );
  if (report.errors.length > 0) {
    for (const e of report.errors) process.stderr.write(`worker bundle: ${e}\n`);
    process.exit(1);
  }
  process.stdout.write(
    "worker bundle ok: no PGlite or Node-only modules, renderers and SDKs lazy\n",
  );
}
