import { readdirSync } from "node:fs";
import { setPriority } from "node:os";

/** The nice value given to the process's other threads: below the event loop, still busy. */
export const HELPER_NICE = 10;

/**
 * Puts every thread of this process but the main one (the event loop) at a lower scheduling
 * priority: libuv's threadpool (password hashes, file I/O), V8's compiler and GC helpers. On a
 * machine with fewer cores than busy threads, a burst of logins (two ~0.2 s hashes at a time)
 * otherwise takes the cores from the event loop, and every other request waits its turn
 * (BENCHMARKS.md #38). A lower priority costs them nothing when a core is free: the hashes
 * still use both cores, only not ahead of the event loop.
 *
 * Linux only (a thread's nice value is its own there; `setpriority` on a thread id changes that
 * thread alone): elsewhere, or where /proc is not mounted, it does nothing. A thread inherits the
 * nice value of the one that starts it, so threads the main thread starts later (the document
 * threads) are lowered when they start (document-pool.ts). Answers how many it lowered.
 */
export function lowerHelperThreads(nice = HELPER_NICE): number {
  let tasks: string[];
  try {
    tasks = readdirSync("/proc/self/task");
  } catch {
    return 0;
  }
  let lowered = 0;
  for (const task of tasks) {
    const tid = Number(task);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      setPriority(tid, nice);
      lowered++;
    } catch {
      // gone since the listing, or not ours to change
    }
  }
  return lowered;
}
