import { afterAll, beforeAll, expect, inject } from "vitest";

/**
 * A setup file of the main project (it runs before every file): a file under test/e2e/api/
 * waits for its turn with the shared server (the first turn starts it, ~35 s on wrangler dev)
 * and ends the turn after its last test. Every other file passes straight through, without
 * loading the e2e helpers.
 */
let end: (() => void) | undefined;

beforeAll(async () => {
  const file = expect.getState().testPath ?? "";
  if (!/[\\/]test[\\/]e2e[\\/]api[\\/][^\\/]+\.test\.ts$/.test(file)) return;
  const [{ takeTurn }, { useApiSuite }] = await Promise.all([
    import("./e2e-api-turns"),
    import("./e2e-api"),
  ]);
  const turn = await takeTurn(inject("e2eApiTurns"), file);
  useApiSuite(turn.suite);
  end = turn.end;
}, 300_000);

afterAll(() => {
  end?.();
  end = undefined;
});
