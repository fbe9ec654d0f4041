import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser test needs Debian's chromium: `npm run test:browser` (vitest.browser.config.ts).
    exclude: ["test/browser/**", "**/node_modules/**"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e files start servers on fixed-free ports; app tests each own a database.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
