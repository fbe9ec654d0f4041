import { defineConfig } from "vitest/config";

/** `npm run test:browser`: headless Debian chromium against the real Node server. */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
