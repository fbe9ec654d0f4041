import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Raw SQL names tables and columns through the schema objects, so a rename fails to compile.
 * `${table.column}` renders the qualified name; where SQL wants a column's bare name (an INSERT's
 * column list, SET, ON CONFLICT, `excluded.` or a table alias's column) use these.
 */
export const bare = (column: AnyColumn): SQL => sql`${sql.identifier(column.name)}`;

/** `a, b, c`: bare column names for an INSERT's or an ON CONFLICT's column list. */
export const columnList = (...columns: AnyColumn[]): SQL => sql.join(columns.map(bare), sql`, `);

/**
 * `col ILIKE '%term%'`, as PostgreSQL answers it on UTF-8 (both sides lowercased, the term taken
 * literally), but through strpos, which searches in linear time: LIKE's matcher retries the
 * pattern at every offset, and a 100-character near miss over a few kB of the caller's own notes
 * cost 15 to 30 times more (600 ms per query on the embedded database, whose one thread every
 * request shares).
 */
export const containsCi = (col: AnyPgColumn, term: string): SQL =>
  sql`strpos(lower(${col}), lower(${term}::text)) > 0`;
