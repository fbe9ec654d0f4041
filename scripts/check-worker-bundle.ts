/**
 * Fails when the Workers bundle (built by `wrangler deploy --dry-run --outdir dist/worker`)
 * contains PGlite or Node-only modules: they would bloat the upload or crash at load on Workers.
 * esbuild marks each bundled module with a `// <path>` comment, which is what is looked for.
 */
import { readFileSync } from "node:fs";

const bundlePath = process.argv[2] ?? "dist/worker/worker.js";
const bundle = readFileSync(bundlePath, "utf8");

const forbidden: Array<[string, RegExp]> = [
  ["PGlite (module)", /^\/\/ node_modules\/@electric-sql\//m],
  ["PGlite (class)", /\bPGlite\.create\b|new PGlite\(/],
  ["drizzle's PGlite driver", /^\/\/ node_modules\/drizzle-orm\/pglite\//m],
  ["src/db/pglite.ts", /^\/\/ src\/db\/pglite\.ts/m],
  ["src/db/migrate.ts (reads migrations from disk)", /^\/\/ src\/db\/migrate\.ts/m],
  ["src/entry/node-deps.ts", /^\/\/ src\/entry\/node(-deps)?\.ts/m],
  ["@hono/node-server", /^\/\/ node_modules\/@hono\/node-server\//m],
  ["node-redis", /^\/\/ node_modules\/@redis\//m],
];

const found = forbidden.filter(([, re]) => re.test(bundle)).map(([name]) => name);
const kib = Math.round(Buffer.byteLength(bundle) / 1024);
if (found.length > 0) {
  process.stderr.write(`worker bundle ${bundlePath} contains: ${found.join(", ")}\n`);
  process.exit(1);
}
if (!/^\/\/ src\/entry\/worker\.ts/m.test(bundle)) {
  process.stderr.write(`${bundlePath} does not look like the worker bundle\n`);
  process.exit(1);
}
process.stdout.write(`worker bundle ok: ${kib} KiB, no PGlite or Node-only modules\n`);
