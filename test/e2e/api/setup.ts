import type { TestProject } from "vitest/node";
import { startTurnKeeper } from "../../helpers/e2e-api-turns";

/**
 * Starts the keeper of the e2e files' turns (test/helpers/e2e-api-turns.ts): a loopback server
 * in vitest's main process, cheap to start. The target (the Node server, or `wrangler dev` with
 * E2E_WORKER=1: ~35 s) and the fake AI providers start with the first file's turn, once per run,
 * including a single file run alone (`npx vitest run test/e2e/api/auth.test.ts`).
 */
export default async function setup(project: TestProject) {
  const keeper = await startTurnKeeper();
  project.provide("e2eApiTurns", keeper.url);
  return () => keeper.close();
}
