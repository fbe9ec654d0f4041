/**
 * `npm run db:pglite-datadir`: writes src/db/pglite-datadir.tar.gz, a freshly initialised PGlite
 * data directory that a first start unpacks instead of running initdb. Run it after upgrading
 * PGlite (test/unit/pglite-datadir.test.ts fails until then).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PGLITE_START_PARAMS } from "../src/db/pglite";
import { PGLITE_DATADIR } from "../src/entry/pglite-datadir";

const pglite = await PGlite.create({ startParams: [...PGLITE_START_PARAMS] });
await pglite.query("CHECKPOINT");
const dump = await pglite.dumpDataDir("gzip");
await pglite.close();
const file = fileURLToPath(PGLITE_DATADIR);
writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
process.stdout.write(`${file}: ${dump.size} bytes\n`);
