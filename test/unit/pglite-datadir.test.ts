import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../src/db/migrate";
import { createPgliteDatabase } from "../../src/db/pglite";
import {
  layDownDataDir,
  PGLITE_DATADIR,
  tarEntries,
  unpackInto,
} from "../../src/entry/pglite-datadir";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "resumate-datadir-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One ustar header + data, as PGlite's dump writes them. */
function tarFile(name: string, data: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write("0000644\0", 100);
  header.write(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
  header.write("0", 156);
  header.write("ustar\0", 257);
  const body = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  body.write(data);
  return Buffer.concat([header, body]);
}

describe("the pre-built PGlite data directory", () => {
  it("opens with the installed PGlite and has every migration in drizzle/ applied", async () => {
    // Fails after a PGlite upgrade or a new migration: run `npm run db:pglite-datadir`.
    const dir = tempDir();
    expect(await layDownDataDir(dir)).toBe(true);
    const database = await createPgliteDatabase(dir);
    try {
      const applied = await database.pglite.query<{ n: number }>(
        "select count(*)::int as n from drizzle.__drizzle_migrations",
      );
      const journal = JSON.parse(
        readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"),
      );
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
    } finally {
      await database.close();
    }
  });

  it("is laid down only into an empty directory (a later start keeps its data)", async () => {
    const dir = tempDir();
    expect(await layDownDataDir(dir)).toBe(true);
    expect(await layDownDataDir(dir)).toBe(false);
  });

  it("reads ustar entries and refuses one that would land outside the directory", () => {
    const tar = Buffer.concat([tarFile("/base/1", "hello"), Buffer.alloc(1024)]);
    expect([...tarEntries(tar)].map((e) => [e.path, String(e.data)])).toEqual([
      ["base/1", "hello"],
    ]);
    const evil = gzipSync(Buffer.concat([tarFile("../../escape", "x"), Buffer.alloc(1024)]));
    expect(() => unpackInto(tempDir(), evil)).toThrow(/outside the data directory/);
  });

  it("is small enough to ship (gzip)", () => {
    expect(readFileSync(PGLITE_DATADIR).length).toBeLessThan(6_000_000);
  });
});
