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
  return () => suite.stop();
}
