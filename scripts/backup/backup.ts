/**
 * Database backups: `pg_dump -Fc` for PostgreSQL, PGlite's own data-dir dump (tar.gz) for the
 * embedded default. Files are named `resumate-<UTC time>.<kind>` so they sort by age; only the
 * newest `keep` stay. Node only (scripts/), never bundled.
 */
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

export const PG_SUFFIX = ".pgdump";
export const PGLITE_SUFFIX = ".pglite.tar.gz";
const PREFIX = "resumate-";

export type Source = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ["ignore", "inherit", "pipe"] });
    let err = "";
    proc.stderr.on("data", (d) => {
      err += String(d);
    });
    proc.on("error", reject);
    proc.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`)),
    );
  });
}

/** `2026-11-30T21:04:05.123Z` -> `20261130T210405123Z`: sortable, no characters a shell minds. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, "");

/** Writes one backup into `dir` (complete or not at all: a temporary name, then a rename). */
export async function backupDatabase(source: Source, dir: string, nowMs = Date.now()) {
  mkdirSync(dir, { recursive: true });
  const suffix = source.kind === "postgres" ? PG_SUFFIX : PGLITE_SUFFIX;
  const file = join(dir, `${PREFIX}${stamp(nowMs)}${suffix}`);
  const partial = `${file}.partial`;
  try {
    if (source.kind === "postgres") {
      await run("pg_dump", ["-Fc", "--no-owner", "--no-privileges", "-f", partial, source.url]);
    } else {
      const db = await PGlite.create(source.dir);
      try {
        const dump = await db.dumpDataDir("gzip");
        writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await db.close();
      }
    }
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return file;
}

/** Deletes all but the newest `keep` backups of this kind in `dir`; returns what it removed. */
export function pruneBackups(dir: string, keep: number, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const ours = readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(suffix))
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const f of old) rmSync(join(dir, f));
  return old;
}

export class NotEmptyError extends Error {}

async function postgresIsEmpty(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`;
    return row?.n === 0;
  } finally {
    await sql.end();
  }
}

/**
 * Restores `file` into an empty database (a non-empty one is refused unless `force`, which then
 * drops what the dump holds before recreating it). PostgreSQL: one transaction, so a failed
 * restore leaves the database as it was.
 */
export async function restoreDatabase(target: Source, file: string, force = false) {
  if (target.kind === "postgres") {
    if (!file.endsWith(PG_SUFFIX))
      throw new Error(`${file} is not a PostgreSQL backup (${PG_SUFFIX})`);
    if (!force && !(await postgresIsEmpty(target.url))) {
      throw new NotEmptyError(
        "the database is not empty: restore into an empty one, or pass --force",
      );
    }
    const clean = force ? ["--clean", "--if-exists"] : [];
    await run("pg_restore", [
      "--no-owner",
      "--no-privileges",
      "--single-transaction",
      "--exit-on-error",
      ...clean,
      "-d",
      target.url,
      file,
    ]);
    return;
  }
  if (!file.endsWith(PGLITE_SUFFIX))
    throw new Error(`${file} is not a PGlite backup (${PGLITE_SUFFIX})`);
  if (existsSync(target.dir) && readdirSync(target.dir).length > 0) {
    if (!force)
      throw new NotEmptyError(
        `${target.dir} is not empty: restore into an empty one, or pass --force`,
      );
    rmSync(target.dir, { recursive: true, force: true });
  }
  mkdirSync(target.dir, { recursive: true });
  const blob = new Blob([readFileSync(file)]);
  const db = await PGlite.create(target.dir, { loadDataDir: blob });
  await db.close();
}
