import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The browser test needs Debian's chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ["test/browser/**", "**/node_modules/**"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e files start servers on fixed-free ports; app files share their worker's database
    // (test/helpers/deps.ts), as they share one server in CI.
    fileParallelism: true,
    // Three on two cores: several slow files wait on child processes and time budgets. (The
    // stall project's shards run after the others, beside each other only.)
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          include: ["test/**/*.test.ts"],
          // One migrated PGlite per run, loaded by each worker (test/helpers/pglite-dump.ts).
          // Every endpoint over real HTTP on one server (Node, or wrangler dev with
          // E2E_WORKER=1): the files under test/e2e/api/ take turns with it (they share the
          // fake providers' scripts and the models cache), started with the first turn.
          globalSetup: [
            "test/helpers/server-build.ts",
            "test/helpers/pglite-dump.ts",
            "test/e2e/api/setup.ts",
          ],
          setupFiles: ["test/helpers/e2e-api-turn.ts"],
          // Files share a worker's module cache: the app's modules load once per worker, not
          // once per file (no test mocks modules; state lives in each test's deps).
          isolate: false,
          exclude: ["test/browser/**", "test/e2e/stall/**", "**/node_modules/**"],
        },
      },
      {
        // It times /health while hostile requests run (< 100 ms): it runs after every other
        // file (groupOrder), so what it measures is its own servers, not their load. Its two
        // shards (a server each, one request at a time on each) run beside each other.
        extends: true,
        test: {
          name: "stall",
          include: ["test/e2e/stall/*.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
