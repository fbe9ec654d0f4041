import { type AnyColumn, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";

/**
 * Raw SQL names tables and columns through the schema objects, so a rename fails to compile.
 * `${table.column}` renders the qualified name; where SQL wants a column's bare name (an INSERT's
 * column list, SET, ON CONFLICT, `excluded.` or a table alias's column) use these.
 */
export const bare = (column: AnyColumn): SQL => sql`${sql.identifier(column.name)}`;

/** `a, b, c`: bare column names for an INSERT's or an ON CONFLICT's column list. */
export const columnList = (...columns: AnyColumn[]): SQL => sql.join(columns.map(bare), sql`, `);

/**
 * A row of `table` from a raw statement's driver row (column names as keys): what drizzle's own
 * select gives, each column's driver value through its mapping (bigint as number, Django's
 * timestamps as DRF strings). For statements drizzle's builders cannot write (a CTE's insert).
 */
export function rowFromDriver<T extends PgTable>(
  table: T,
  raw: Readonly<Record<string, unknown>>,
): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T["$inferSelect"];
}

/**
 * `col ILIKE '%term%'`, as PostgreSQL answers it on UTF-8 (both sides lowercased, the term taken
 * literally), but through strpos, which searches in linear time: LIKE's matcher retries the
 * pattern at every offset, and a 100-character near miss over a few kB of the caller's own notes
 * cost 15 to 30 times more (600 ms per query on the embedded database, whose one thread every
 * request shares).
 */
export const containsCi = (col: AnyPgColumn, term: string): SQL =>
  sql`strpos(lower(${col}), lower(${term}::text)) > 0`;
