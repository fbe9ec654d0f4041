import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { getPriority } from "node:os";
import { describe, expect, it } from "vitest";

/**
 * In a process of its own (lowering the test worker's threads would slow the run): the
 * threadpool started by a hash, then lowerHelperThreads, then each thread's nice value as the
 * kernel reports it (test/helpers/thread-nice.ts).
 */
const SCRIPT = `
import { stat } from "node:fs/promises";
import { lowerHelperThreads } from "./src/entry/node-priority.ts";
import { niceValues } from "./test/helpers/thread-nice.ts";
await crypto.subtle.digest("SHA-256", new Uint8Array(8));
await stat(".");
const lowered = lowerHelperThreads(7);
const nice = Object.fromEntries(niceValues(process.pid));
console.log(JSON.stringify({ pid: process.pid, lowered, nice }));
`;

describe.skipIf(!existsSync("/proc/self/task"))("node-priority", () => {
  // Only root may start a process at a lower nice value than its own (a run under `nice`).
  const cases = [
    { started: 0, helpers: 7 },
    { started: 5, helpers: 12 },
    { started: 15, helpers: 19 },
  ].filter((c) => c.started >= getPriority() || process.getuid?.() === 0);
  it.each(cases)(
    "started at nice $started: the event loop keeps it, every other thread gets $helpers",
    ({ started, helpers }) => {
      const out = execFileSync(
        "nice",
        [
          "-n",
          String(started - getPriority()),
          process.execPath,
          "--import",
          "tsx",
          "--input-type=module",
          "-e",
          SCRIPT,
        ],
        { cwd: process.cwd(), encoding: "utf8" },
      );
      const { pid, lowered, nice } = JSON.parse(out) as {
        pid: number;
        lowered: number;
        nice: Record<string, number>;
      };
      const others = Object.entries(nice).filter(([tid]) => Number(tid) !== pid);
      expect(nice[String(pid)]).toBe(started);
      // V8's platform threads and libuv's four: the hashes' threads are among them.
      expect(others.length).toBeGreaterThanOrEqual(5);
      expect(lowered).toBe(others.length);
      expect(others.filter(([, n]) => n !== helpers)).toEqual([]);
    },
  );
});
