/**
 * Builds the Worker as several ES modules (wrangler.toml's `[build]` runs this before `wrangler
 * dev`, `wrangler deploy` and `wrangler check startup`; wrangler then uploads the output as is,
 * `no_bundle`). Why not wrangler's own bundling: it puts every dynamic `import()` into the one
 * module a cold isolate evaluates, so the renderers, the AI SDKs and the docs page's assets cost
 * every isolate's start-up (BENCHMARKS.md #26). esbuild's code splitting keeps each `import()`
 * target in a module of its own, loaded on first use; code both sides need goes to shared chunks.
 *
 * The options are wrangler's (4.x, `bundleWorker`): its conditions, target, JSX loader for .js,
 * NODE_ENV defined; `node:*` and `cloudflare:*` stay imports (nodejs_compat serves them). Two
 * differ, both for start-up CPU (BENCHMARKS.md #32): names are not kept (wrangler's `keepNames`
 * wraps every function and class in a `__name()` call a cold isolate runs; nothing here reads a
 * renamed class's name but error logs), and zod's locales are left out but English, its default
 * (`z.locales` would keep all 48, ~370 KiB, though nothing here switches the language). What wrangler adds on top is for `wrangler dev` only: its request-body draining is
 * src/entry/worker-dev.ts (the dev build's entry); its pretty-error page and
 * `--test-scheduled` are not used here.
 *
 * Two `wrangler dev` may start together (the e2e suite): files are written whole (a temporary
 * file renamed over the old one), unchanged files are left alone, and chunk names carry a hash,
 * so a concurrent build of the same sources never shows a half-written module.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { build, type Plugin } from "esbuild";

export const WORKER_BUILD_DIR = join("dist", "worker-build");
/** The entry module's name in the build (wrangler.toml's `main`). */
export const WORKER_ENTRY = "worker.js";

/** wrangler runs the build with WRANGLER_COMMAND set (dev, deploy, versions upload, ...). */
const forDev = () => process.env.WRANGLER_COMMAND === "dev";

function nodeEnv(): string {
  // wrangler: "production" for a deploy, "development" for dev, unless NODE_ENV says otherwise.
  return JSON.stringify(process.env.NODE_ENV || (forDev() ? "development" : "production"));
}

interface Output {
  path: string;
  contents: Uint8Array;
}

/** Writes one output file unless it already holds these bytes; never a half-written file. */
function writeWhole(file: Output): boolean {
  try {
    if (Buffer.from(file.contents).equals(readFileSync(file.path))) return false;
  } catch {
    // Not there yet.
  }
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
  return true;
}

/** Every file under dir, as paths relative to it. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)));
  } catch {
    return [];
  }
}

/**
 * zod's `locales` namespace (`zod/v4/locales/index.js`) as a module with English only: the
 * language zod configures by default. The rest are never evaluated here (nothing calls
 * `z.config(z.locales.xx())`), but a namespace export keeps them all in the start-up module.
 */
const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: "zod-locales-en", namespace: "zod-locales" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: process.cwd(),
      loader: "js",
    }));
  },
};

export async function buildWorker(outdir = WORKER_BUILD_DIR) {
  const root = process.cwd();
  const out = resolve(root, outdir);
  const define = nodeEnv();
  const result = await build({
    absWorkingDir: root,
    // `wrangler dev` gets what its own bundling would add there (worker-dev.ts).
    entryPoints: { worker: join("src", "entry", forDev() ? "worker-dev.ts" : "worker.ts") },
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    chunkNames: "chunks/[name]-[hash]",
    target: "es2024",
    supported: { "import-source": true },
    loader: { ".js": "jsx", ".mjs": "jsx", ".cjs": "jsx" },
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*", "cloudflare:*"],
    plugins: [zodEnglishOnly],
    define: {
      "process.env.NODE_ENV": define,
      "global.process.env.NODE_ENV": define,
      "globalThis.process.env.NODE_ENV": define,
    },
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  // The metafile says which modules a cold isolate evaluates (scripts/check-worker-bundle.ts).
  const meta = {
    path: join(out, "meta.json"),
    contents: Buffer.from(JSON.stringify(result.metafile)),
  };
  const outputs: Output[] = [...result.outputFiles, meta];
  const changed = outputs.filter(writeWhole).length;
  // Chunks of earlier builds would be uploaded too (every .js under the directory is a module).
  const keep = new Set(outputs.map((f) => relative(out, f.path)));
  const stale = filesUnder(out).filter((f) => !keep.has(f) && !f.endsWith(".tmp"));
  for (const f of stale) rmSync(join(out, f), { force: true });
  return { metafile: result.metafile, changed, removed: stale.length };
}

if (process.argv[1]?.endsWith("build-worker.ts")) {
  const { changed, removed } = await buildWorker();
  process.stdout.write(
    `worker built in ${WORKER_BUILD_DIR}: ${changed} file(s) written, ${removed} removed\n`,
  );
}
