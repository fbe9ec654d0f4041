import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startApiSuite, waitReady } from "../../helpers/e2e-api";

/**
 * Starts the e2e target (the Node server, or `wrangler dev` with E2E_WORKER=1: ~35 s) and the
 * fake AI providers once for every file under test/e2e/api/, including a single file run alone
 * (`npx vitest run test/e2e/api/auth.test.ts`); vitest runs it only when such a file is queued.
 */
export default async function setup(project: TestProject) {
  const suite = await startApiSuite();
  try {
    await waitReady(suite.target);
  } catch (err) {
    await suite.stop();
    throw err;
  }
  project.provide("e2eApi", {
    kind: suite.target.kind,
    url: suite.target.url,
    geminiUrl: suite.gemini.url,
    openaiUrl: suite.openai.url,
    staff: suite.staff,
  });
  // The files' turn (test/e2e/api/turns.ts): a directory that exists while one file runs.
  const turn = join(tmpdir(), `resumate-e2e-api-turn-${process.pid}`);
  rmSync(turn, { recursive: true, force: true });
  project.provide("e2eApiTurn", turn);
  return async () => {
    rmSync(turn, { recursive: true, force: true });
    await suite.stop();
  };
}
