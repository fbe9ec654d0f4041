import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { PGLITE_DATADIR } from "../../src/entry/pglite-datadir";

declare module "vitest" {
  export interface ProvidedContext {
    /**
     * Where the run's migrated and seeded PGlite data directory (a tar) is written, once per run
     * ("" on PostgreSQL): `pgliteDumpReady` waits for it.
     */
    pgliteDump: string;
  }
}

/**
 * Vitest global setup: initdb, the migrations and the seed run once per `npm test`, not once per
 * file (they were most of the suite's wall time); each worker's database starts from the dump.
 * The dump is made by a process of its own (test/helpers/pglite-dump-make.ts) while the workers
 * start and load their modules; the first database opened waits for it.
 */
export default function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgliteDump", "");
    return;
  }
  const file = join(tmpdir(), `resumate-test-pglite-${process.pid}.tar`);
  const maker = fileURLToPath(new URL("./pglite-dump-make.ts", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", maker, file], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.on("exit", (code, signal) => {
    if (code === 0) return;
    void writeFile(`${file}.error`, `${stderr}\n(the dump's maker ended: ${code ?? signal})`);
  });
  project.provide("pgliteDump", file);
  return async () => {
    child.kill();
    await Promise.all([file, `${file}.part`, `${file}.error`].map((f) => rm(f, { force: true })));
  };
}

/** The dump's path once it is whole; the maker's error if it failed. */
export async function pgliteDumpReady(file: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await exists(file)) return file;
    if (await exists(`${file}.error`)) {
      throw new Error(`the run's PGlite dump failed:\n${await readFile(`${file}.error`, "utf8")}`);
    }
    if (Date.now() > deadline) throw new Error(`the run's PGlite dump did not come: ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The data directory a first start lays down (every migration applied, nothing seeded). */
export async function shippedDataDir(): Promise<Blob> {
  return new Blob([new Uint8Array(await readFile(PGLITE_DATADIR))]);
}
