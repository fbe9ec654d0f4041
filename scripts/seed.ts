/** `npm run db:seed`: migrates, then seeds models, examples and the superuser (idempotent). */
import { parseConfig } from "../src/config";
import { openNodeDatabase, prepareDatabase } from "../src/entry/node-deps";

const config = parseConfig(process.env);
const database = await openNodeDatabase(config);
await prepareDatabase(database, config, {
  hasher: {
    iterations: config.PASSWORD_HASH_ITERATIONS,
    webCryptoMaxIterations: Number.POSITIVE_INFINITY,
  },
});
await database.close();
console.log(`seeded (${database.driver})`);
