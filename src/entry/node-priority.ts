import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/** How far below the event loop the process's other threads run (nice values; 19 at most). */
export const HELPER_NICE_OFFSET = 10;

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
 * threads) are lowered when they start (document-pool.ts). The offset is from the event loop's
 * own nice value (a server started under `nice` keeps its helpers below it, never above). Answers
 * how many it lowered.
 */
export function lowerHelperThreads(offset = HELPER_NICE_OFFSET): number {
  let tasks: string[];
  let nice: number;
  try {
    tasks = readdirSync("/proc/self/task");
    nice = Math.min(19, getPriority() + offset);
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
