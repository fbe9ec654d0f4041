/**
 * Runs after `drizzle-kit generate`: rewrites new migration files so they also apply to a database
 * the Django service created (tables and rows already there). Tables, columns, indexes and foreign
 * keys are created only when missing; nothing is dropped or rewritten. Files already processed
 * (first line is the marker) are left alone, so landed migrations never change.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MARKER = "-- resumate: idempotent";
const dir = join(import.meta.dirname, "..", "drizzle");

function columnAdds(table: string, body: string): string[] {
  return body
    .split(/,\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('"') && !/PRIMARY KEY/.test(l))
    .map((l) => {
      const def = /DEFAULT/.test(l) ? l : l.replace(/ NOT NULL/, "");
      return `ALTER TABLE "${table}" ADD COLUMN IF NOT EXISTS ${def};`;
    });
}

function rewriteStatement(stmt: string): string {
  const create = stmt.match(/^CREATE TABLE "([^"]+)" \(([\s\S]*)\);?$/);
  if (create?.[1] && create[2] !== undefined) {
    const adds = columnAdds(create[1], create[2]);
    const head = stmt.replace(/^CREATE TABLE /, "CREATE TABLE IF NOT EXISTS ");
    return [head, ...adds].join("\n--> statement-breakpoint\n");
  }
  // A column Django's table may already have (then its definition and values are left as they are).
  if (/^ALTER TABLE "[^"]+" ADD COLUMN "/.test(stmt)) {
    return stmt.replace(/ ADD COLUMN "/, ' ADD COLUMN IF NOT EXISTS "');
  }
  if (/^CREATE (UNIQUE )?INDEX "/.test(stmt)) {
    return stmt.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS ");
  }
  const fk = stmt.match(/^ALTER TABLE "([^"]+)" ADD CONSTRAINT "[^"]+" FOREIGN KEY \("([^"]+)"\)/);
  if (fk) {
    // Django names its foreign keys differently: skip when the column already has one.
    const sql = stmt.replace(/;$/, "");
    return `DO $$ BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.conrelid = '"${fk[1]}"'::regclass AND c.contype = 'f' AND a.attname = '${fk[2]}'
  ) THEN
    ${sql};
  END IF;
END $$;`;
  }
  return stmt;
}

for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql"))) {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (text.startsWith(MARKER)) continue;
  const statements = text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter(Boolean);
  const out = statements.map(rewriteStatement).join("\n--> statement-breakpoint\n");
  writeFileSync(path, `${MARKER}\n${out}\n`);
  console.log(`made idempotent: ${file}`);
}
