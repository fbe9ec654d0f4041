import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { CannonJob, CannonSummary } from "./cannon";

/** Drives one load-generator process (scripts/bench/cannon.ts) over IPC. */
export class Cannon {
  private child: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, (s: CannonSummary | { error: string }) => void>();

  constructor() {
    this.child = fork(join(import.meta.dirname, "cannon.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (msg: CannonSummary | { id: number; error: string }) => {
      this.pending.get(msg.id)?.(msg);
      this.pending.delete(msg.id);
    });
  }

  run(job: Omit<CannonJob, "id">): Promise<CannonSummary> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (msg) => ("error" in msg ? reject(new Error(msg.error)) : resolve(msg)));
      this.child.send({ ...job, id });
    });
  }

  close() {
    if (this.child.connected) this.child.disconnect();
  }
}
