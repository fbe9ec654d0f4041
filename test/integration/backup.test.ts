import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client";
import { createPgliteDatabase } from "../../src/db/pglite";
import { createPostgresDatabase } from "../../src/db/postgres";
import { createTestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/**
 * `npm run db:backup` / `db:restore` as an operator runs them (the scripts, as processes):
 * data -> backup -> wipe -> restore -> the same rows, and the app serves them; a non-empty target
 * is refused; only the newest BACKUP_KEEP files stay.
 */
const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `resumate-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function script(name: string, env: Record<string, string>, args: string[] = []) {
  const res = spawnSync(tsx, [`scripts/${name}.ts`, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

/** A user with a resume and an application, written through the app; returns how to read them back. */
async function fill(database: Database) {
  const t = await createTestContext({ database });
  const user = await createUserWithToken(t);
  await t.request("/api/resumes/", {
    method: "POST",
    token: user.token,
    json: { title: "Kept", content: "# Backed up" },
  });
  await t.request("/api/job-applications/", {
    method: "POST",
    token: user.token,
    json: { job_title: "Restored", company_name: "Acme" },
  });
  const resumes = await (await t.request("/api/resumes/", { token: user.token })).json();
  await t.close();
  return { user, resumes };
}

/** The restored database, opened by the app: the filled user's rows come back the same. */
async function expectServed(back: Database, filled: { user: { token: string }; resumes: unknown }) {
  const t = await createTestContext({ database: back });
  try {
    const res = await t.request("/api/resumes/", { token: filled.user.token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(filled.resumes);
    const apps = await t.request("/api/job-applications/", { token: filled.user.token });
    expect(await apps.json()).toMatchObject([{ job_title: "Restored", company_name: "Acme" }]);
  } finally {
    await t.close();
    await back.close();
  }
}

describe("backup and restore on the embedded database (PGlite)", () => {
  it("round-trips the data directory, refuses a non-empty target, keeps the newest files", async () => {
    const dataDir = tempDir("pglite");
    const backups = tempDir("backups");
    const database = await createPgliteDatabase(dataDir);
    const filled = await fill(database);
    await database.close();

    for (let i = 0; i < 3; i++) {
      const run = script("db-backup", {
        PGLITE_DIR: dataDir,
        BACKUP_DIR: backups,
        BACKUP_KEEP: "2",
      });
      expect(run.code, run.err).toBe(0);
    }
    const files = readdirSync(backups);
    expect(files).toHaveLength(2);
    const file = join(backups, files.sort().at(-1) as string);
    expect(file).toMatch(/resumate-\d{8}T\d{9}Z\.pglite\.tar\.gz$/);

    const refused = script("db-restore", { PGLITE_DIR: dataDir }, [file]);
    expect(refused.code).toBe(3);
    const fresh = join(tempDir("restored"), "db");
    const restored = script("db-restore", { PGLITE_DIR: fresh }, [file]);
    expect(restored.code, restored.err).toBe(0);

    await expectServed(await createPgliteDatabase(fresh), filled);
  }, 120_000);
});

const baseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!baseUrl)("backup and restore on PostgreSQL (pg_dump -Fc)", () => {
  it("data -> backup -> wipe -> restore -> the same rows, served by the app", async () => {
    const name = `resumate_backup_${crypto.randomUUID().slice(0, 8)}`;
    const admin = postgres(baseUrl as string, { max: 1, onnotice: () => {} });
    const url = new URL(baseUrl as string);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString(), BACKUP_DIR: tempDir("pg-backups") };
    await admin.unsafe(`CREATE DATABASE ${name}`);
    try {
      const database = createPostgresDatabase(env.DATABASE_URL, [], { max: 2 });
      const filled = await fill(database);
      await database.close();

      const run = script("db-backup", env);
      expect(run.code, run.err).toBe(0);
      const file = join(env.BACKUP_DIR, readdirSync(env.BACKUP_DIR)[0] as string);
      expect(file).toMatch(/\.pgdump$/);

      // The live database is not empty: refused, and left as it was.
      expect(script("db-restore", env, [file]).code).toBe(3);

      await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${name}`);
      const restored = script("db-restore", env, [file]);
      expect(restored.code, restored.err).toBe(0);

      await expectServed(createPostgresDatabase(env.DATABASE_URL, [], { max: 2 }), filled);
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
