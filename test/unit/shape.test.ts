import { getTableColumns } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { resume } from "../../src/db/schema";
import { defineShape } from "../../src/db/shape";

const shape = defineShape<typeof resume.$inferSelect, { username: string }>()({
  id: { column: "id", schema: z.number().int() },
  user: { read: (_row, ctx) => ctx.username, schema: z.string() },
  created_at: { column: "createdAt", schema: z.string() },
});
const row = {
  id: 7,
  title: "CV",
  content: "x",
  createdAt: "2026-11-30T19:35:35.828779Z",
  updatedAt: "2026-11-30T19:35:35.828796Z",
  userId: 3,
};

describe("defineShape: one table gives the schema, the serializer and the JSON select", () => {
  it("serializes in the table's key order, context fields from the context", () => {
    const out = shape.serialize(row, { username: "ann" });
    expect(JSON.stringify(out)).toBe(
      '{"id":7,"user":"ann","created_at":"2026-11-30T19:35:35.828779Z"}',
    );
    expect(shape.schema.parse(out)).toEqual(out);
    expect(Object.keys(shape.schema.shape)).toEqual(["id", "user", "created_at"]);
  });

  it("selects columns under their response keys, timestamps formatted as DRF's", () => {
    const columnsOnly = defineShape<typeof resume.$inferSelect>()({
      id: { column: "id", schema: z.number().int() },
      created_at: { column: "createdAt", schema: z.string() },
    });
    const query = new PgDialect().sqlToQuery(columnsOnly.jsonColumns(getTableColumns(resume)));
    expect(query.sql).toContain('"resume_resume"."id" as "id"');
    expect(query.sql).toMatch(
      /to_char\("resume_resume"."created_at" at time zone 'UTC'.*as "created_at"/s,
    );
  });

  it("refuses a JSON select for a field without a column", () => {
    expect(() => shape.jsonColumns(getTableColumns(resume))).toThrow("user");
  });
});
