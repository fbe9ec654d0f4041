import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createPgliteDatabase } from "../../src/db/pglite";
import { prepareDatabase } from "../../src/entry/node-deps";
import { PGLITE_DATADIR } from "../../src/entry/pglite-datadir";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated and seeded PGlite data directory (tar), made once per run; "" on PostgreSQL. */
    pgliteDump: string;
  }
}

/**
 * Vitest global setup: initdb, the migrations and the seed run once per `npm test`, not once per
 * file (they were most of the suite's wall time); each file's database starts from the dump.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgliteDump", "");
    return;
  }
  const { testConfig } = await import("./deps");
  const config = testConfig();
  const database = await createPgliteDatabase(undefined, { loadDataDir: await shippedDataDir() });
  await prepareDatabase(database, config, {
    hasher: { iterations: config.PASSWORD_HASH_ITERATIONS, webCryptoMaxIterations: Infinity },
  });
  const dump = await database.pglite.dumpDataDir("none");
  await database.close();
  const file = join(tmpdir(), `resumate-test-pglite-${process.pid}.tar`);
  await writeFile(file, new Uint8Array(await dump.arrayBuffer()));
  project.provide("pgliteDump", file);
  return () => rm(file, { force: true });
}

/** The data directory a first start lays down (every migration applied, nothing seeded). */
export async function shippedDataDir(): Promise<Blob> {
  return new Blob([new Uint8Array(await readFile(PGLITE_DATADIR))]);
}
