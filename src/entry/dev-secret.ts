import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "../config";

/**
 * Development without SECRET_KEY: a generated key kept beside the embedded data (mode 0600), so
 * tokens survive restarts like the data does. Production never gets here (parseConfig refuses).
 */
export function withDevSecret(config: Config): Config & { secretKeyFile?: string } {
  if (!config.secretKeyGenerated) return config;
  const file = join(dirname(config.PGLITE_DIR), "secret_key");
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, config.secretKey, { mode: 0o600 });
  return { ...config, secretKey: readFileSync(file, "utf8").trim(), secretKeyFile: file };
}
