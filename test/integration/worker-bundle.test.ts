import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Metafile } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { buildWorker } from "../../scripts/build-worker";
import {
  checkWorkerBuild,
  STARTUP_GZIP_LIMIT,
  startupOutputs,
} from "../../scripts/check-worker-bundle";

/**
 * The Worker's build (scripts/build-worker.ts, what wrangler uploads): a cold isolate evaluates
 * the entry and what it imports statically; the renderers, the AI SDKs, the docs page's assets,
 * the HTML parser and Sentry load on first use, and the start-up part stays under 1.2 MB
 * gzipped (issue 26). `npm run check:worker` runs the same check on the deployed build.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("the Worker's start-up modules", () => {
  it("follow static imports only, transitively", () => {
    const out = (imports: Array<[string, "import-statement" | "dynamic-import"]>) => ({
      bytes: 1,
      inputs: {},
      exports: [],
      imports: imports.map(([path, kind]) => ({ path, kind })),
    });
    const meta = {
      inputs: {},
      outputs: {
        "w.js": out([
          ["shared.js", "import-statement"],
          ["lazy.js", "dynamic-import"],
        ]),
        "shared.js": out([["deep.js", "import-statement"]]),
        "deep.js": out([]),
        "lazy.js": out([["lazy-dep.js", "import-statement"]]),
        "lazy-dep.js": out([]),
      },
    } as unknown as Metafile;
    expect([...startupOutputs(meta, "w.js")].sort()).toEqual(["deep.js", "shared.js", "w.js"]);
  });

  it("leave the heavy, rarely used modules to a dynamic import, under 1.2 MB gzipped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "resumate-worker-build-"));
    dirs.push(dir);
    await buildWorker(dir);
    const report = checkWorkerBuild(dir);
    expect(report.errors).toEqual([]);
    expect(report.startup.gzip).toBeLessThanOrEqual(STARTUP_GZIP_LIMIT);
    // The lazy modules are uploaded with it (wrangler.toml's rules take every .js of the build).
    expect(report.total.files.length).toBeGreaterThan(report.startup.files.length);
    expect(report.total.raw).toBeGreaterThan(report.startup.raw);
  }, 120_000);
});
