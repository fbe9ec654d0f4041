/** `npm run db:backup`: a compressed dump of DATABASE_URL (or the embedded database) into BACKUP_DIR, keeping the newest BACKUP_KEEP. */
import { existsSync } from "node:fs";
import { parseConfig } from "../src/config";
import { backupDatabase, PG_SUFFIX, PGLITE_SUFFIX, pruneBackups } from "./backup/backup";

if (existsSync(".env")) process.loadEnvFile(".env");
const config = parseConfig(process.env);
const source = config.DATABASE_URL
  ? ({ kind: "postgres", url: config.DATABASE_URL } as const)
  : ({ kind: "pglite", dir: config.PGLITE_DIR } as const);
const started = Date.now();
const file = await backupDatabase(source, config.BACKUP_DIR);
const removed = pruneBackups(
  config.BACKUP_DIR,
  config.BACKUP_KEEP,
  source.kind === "postgres" ? PG_SUFFIX : PGLITE_SUFFIX,
);
console.log(JSON.stringify({ backup: file, ms: Date.now() - started, removed, kind: source.kind }));
