/** `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL (or the embedded database). */
import { parseConfig } from "../src/config";
import { migrateDatabase } from "../src/db/migrate";
import { openNodeDatabase } from "../src/entry/node-deps";

const config = parseConfig(process.env);
const database = await openNodeDatabase(config);
await database.exclusive((db) => migrateDatabase(database, db));
await database.close();
console.log(`migrated (${database.driver})`);
