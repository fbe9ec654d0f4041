import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * Raw SQL names tables and columns through the schema objects, so a rename fails to compile.
 * `${table.column}` renders the qualified name; where SQL wants a column's bare name (an INSERT's
 * column list, SET, ON CONFLICT, `excluded.` or a table alias's column) use these.
 */
export const bare = (column: AnyColumn): SQL => sql`${sql.identifier(column.name)}`;

/** `a, b, c`: bare column names for an INSERT's or an ON CONFLICT's column list. */
export const columnList = (...columns: AnyColumn[]): SQL => sql.join(columns.map(bare), sql`, `);
