/**
 * `npm run db:pglite-datadir`: writes src/db/pglite-datadir.tar.gz, a PGlite data directory with
 * every migration in drizzle/ applied, which a first start unpacks instead of running initdb and
 * the migrations (a newer migration than the directory has is applied on start as usual). Run it
 * after adding a migration or upgrading PGlite; test/unit/pglite-datadir.test.ts says when.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { migrateDatabase } from "../src/db/migrate";
import { createPgliteDatabase } from "../src/db/pglite";
import { PGLITE_DATADIR } from "../src/entry/pglite-datadir";

const database = await createPgliteDatabase();
await migrateDatabase(database, database.db);
await database.pglite.query("CHECKPOINT");
const dump = await database.pglite.dumpDataDir("gzip");
await database.close();
const file = fileURLToPath(PGLITE_DATADIR);
writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
process.stdout.write(`${file}: ${dump.size} bytes\n`);
