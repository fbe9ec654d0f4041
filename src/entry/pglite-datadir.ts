import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, normalize, sep } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * A freshly initialised PGlite data directory (`npm run db:pglite-datadir` writes it), unpacked
 * into an empty PGLITE_DIR on the first start instead of running initdb: initdb inside WASM runs a
 * second PostgreSQL and peaked the server at 0.95 GB (BENCHMARKS.md, "The embedded default in
 * 250 MB"). Same depth as src/db/migrate.ts's path, so it resolves from the bundle in dist/ too.
 */
export const PGLITE_DATADIR = new URL("../../src/db/pglite-datadir.tar.gz", import.meta.url);

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

/** The entries of a ustar archive (regular files and directories; PGlite writes nothing else). */
export function* tarEntries(tar: Buffer): Generator<{ path: string; dir: boolean; data: Buffer }> {
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    const name = field(header, 0, 100);
    if (!name) return; // two zero blocks end the archive
    const prefix = field(header, 345, 155);
    const size = Number.parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = field(header, 156, 1);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\/+/, "");
    at += BLOCK;
    yield { path, dir: type === "5", data: tar.subarray(at, at + size) };
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
}

/** Unpacks `archive` (tar.gz) into `dir`, refusing any entry that would land outside it. */
export function unpackInto(dir: string, archive: Buffer): void {
  for (const entry of tarEntries(gunzipSync(archive))) {
    const target = normalize(join(dir, entry.path));
    if (target !== normalize(dir) && !target.startsWith(normalize(dir) + sep)) {
      throw new Error(`refusing to unpack ${entry.path} outside the data directory`);
    }
    if (entry.dir) {
      mkdirSync(target, { recursive: true, mode: 0o700 });
    } else {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, entry.data, { mode: 0o600 });
    }
  }
}

/**
 * On a first start (no PG_VERSION in `dir`) lays the pre-built data directory down; true when it
 * did. A later start finds the directory and does nothing.
 */
export async function layDownDataDir(dir: string, archive = PGLITE_DATADIR): Promise<boolean> {
  if (existsSync(join(dir, "PG_VERSION")) || !existsSync(archive)) return false;
  unpackInto(dir, await readFile(archive));
  return true;
}

/** Empties `dir` (a data directory the installed PGlite could not open) so initdb can run. */
export function emptyDataDir(dir: string): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}
