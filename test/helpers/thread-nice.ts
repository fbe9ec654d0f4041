import { readdirSync, readFileSync } from "node:fs";

/** Each thread's nice value (Linux, /proc/<pid>/task/<tid>/stat field 19), by thread id. */
export function niceValues(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
      out.set(Number(task), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
    } catch {
      // the thread ended since the listing
    }
  }
  return out;
}
