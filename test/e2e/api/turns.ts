import { mkdirSync, rmdirSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";

/**
 * A setup file of the e2e-api project: its files share one server (and its models cache), so
 * they take turns. They run beside the main project's files, two workers at a time: a file
 * waits here while the other worker runs an e2e-api file (the sequencer spaces them out, so a
 * wait is rare). The turn is a directory (`mkdir` is atomic), made by the global setup's owner.
 */
const TURN_POLL_MS = 25;

beforeAll(async () => {
  const turn = inject("e2eApiTurn");
  for (;;) {
    try {
      mkdirSync(turn);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, TURN_POLL_MS));
  }
});

afterAll(() => {
  rmdirSync(inject("e2eApiTurn"));
});
