import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import * as z from "zod";

/**
 * A resource's response shape, written once: each response key with its zod schema and where its
 * value comes from (a column of the row, or the caller's context). The response schema (for the
 * OpenAPI document and the contract tests), the serializer and the JSON select that PostgreSQL
 * writes a list with are all derived from it, so they cannot drift apart.
 */
type ColumnField<Row> = {
  [P in keyof Row & string]: { column: P; schema: z.ZodType<Row[P]> };
}[keyof Row & string];
type ContextField<Row, Ctx> = { read: (row: Row, ctx: Ctx) => unknown; schema: z.ZodType };
export type FieldSpec<Row, Ctx> = ColumnField<Row> | ContextField<Row, Ctx>;

type Output<F extends Record<string, { schema: z.ZodType }>> = {
  [K in keyof F]: z.output<F[K]["schema"]>;
};

/** DRF's datetime (src/core/timestamps.ts) written by PostgreSQL: microseconds as stored, none when zero. */
export const drfTimestampSql = (col: AnyPgColumn) =>
  sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || case
    when date_trunc('second', ${col}) = ${col} then ''
    else to_char(${col} at time zone 'UTC', '.US') end || 'Z'`;

/** `defineShape<Row, Ctx>()({...fields})`: the row and context types given, the fields inferred. */
export const defineShape =
  <Row extends Record<string, unknown>, Ctx = void>() =>
  <F extends Record<string, FieldSpec<Row, Ctx>>>(fields: F) =>
    buildShape<Row, Ctx, F>(fields);

function buildShape<
  Row extends Record<string, unknown>,
  Ctx,
  F extends Record<string, FieldSpec<Row, Ctx>>,
>(fields: F) {
  const entries = Object.entries(fields) as [string, FieldSpec<Row, Ctx>][];
  const schema = z.object(
    Object.fromEntries(entries.map(([key, f]) => [key, f.schema])) as {
      [K in keyof F]: F[K]["schema"];
    },
  );
  return {
    schema,
    /** The row as the API answers it (keys in the table's order). */
    serialize(row: Row, ctx: Ctx): Output<F> {
      const out: Record<string, unknown> = {};
      for (const [key, f] of entries) out[key] = "read" in f ? f.read(row, ctx) : row[f.column];
      return out as Output<F>;
    },
    /**
     * `<expr> as <key>, ...` for a lateral select whose row_to_json is this shape, byte for byte
     * what `JSON.stringify(serialize(row))` gives: `columns` maps each row property to its column
     * (timestamps formatted as DRF's). Context fields have no column and are refused here.
     */
    jsonColumns(columns: Partial<Record<keyof Row & string, AnyPgColumn>>): SQL {
      const parts = entries.map(([key, f]) => {
        const col = "column" in f ? columns[f.column] : undefined;
        if (!col) throw new Error(`shape field ${key} has no column for a JSON select`);
        const value =
          col.getSQLType() === "timestamp with time zone" ? drfTimestampSql(col) : sql`${col}`;
        return sql`${value} as ${sql.identifier(key)}`;
      });
      return sql.join(parts, sql`, `);
    },
  };
}
