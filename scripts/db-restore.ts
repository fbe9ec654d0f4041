/** `npm run db:restore <file> [--force]`: restores a db:backup file into DATABASE_URL (or PGLITE_DIR), which must be empty unless --force. */
import { existsSync } from "node:fs";
import { parseConfig } from "../src/config";
import { NotEmptyError, restoreDatabase } from "./backup/backup";

if (existsSync(".env")) process.loadEnvFile(".env");
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file || !existsSync(file)) {
  console.error("usage: npm run db:restore <backup file> [--force]");
  process.exit(2);
}
const config = parseConfig(process.env);
const target = config.DATABASE_URL
  ? ({ kind: "postgres", url: config.DATABASE_URL } as const)
  : ({ kind: "pglite", dir: config.PGLITE_DIR } as const);
const started = Date.now();
try {
  await restoreDatabase(target, file, args.includes("--force"));
} catch (err) {
  console.error(`restore refused or failed: ${(err as Error).message}`);
  process.exit(err instanceof NotEmptyError ? 3 : 1);
}
console.log(JSON.stringify({ restored: file, ms: Date.now() - started, kind: target.kind }));
