/**
 * `node --import tsx test/helpers/pglite-dump-make.ts <file>`: writes the run's migrated and
 * seeded PGlite data directory (a tar) to <file>, atomically (a rename: the file exists only
 * whole). Run by the global setup (test/helpers/pglite-dump.ts) in a process of its own, beside
 * the workers loading their modules, rather than before them.
 */
import { rename, writeFile } from "node:fs/promises";
import { createPgliteDatabase } from "../../src/db/pglite";
import { prepareDatabase } from "../../src/entry/node-deps";
import { testConfig } from "./deps";
import { shippedDataDir } from "./pglite-dump";

const file = process.argv[2];
if (!file) throw new Error("usage: pglite-dump-make.ts <file>");
const config = testConfig();
const database = await createPgliteDatabase(undefined, { loadDataDir: await shippedDataDir() });
await prepareDatabase(database, config, {
  hasher: { iterations: config.PASSWORD_HASH_ITERATIONS, webCryptoMaxIterations: Infinity },
});
const dump = await database.pglite.dumpDataDir("none");
await database.close();
await writeFile(`${file}.part`, new Uint8Array(await dump.arrayBuffer()));
await rename(`${file}.part`, file);
