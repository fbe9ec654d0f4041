import { sql as q } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRows } from "../../src/db/client";
import { createPostgresDatabase, preparingClient } from "../../src/db/postgres";

/**
 * Every parameterised query is a named statement on postgres.js (parsed and planned once per
 * connection), within a per-process budget of distinct texts. Proven on the server itself:
 * `pg_prepared_statements` lists what the one connection of a `max: 1` pool has prepared.
 */
const url = process.env.TEST_DATABASE_URL ?? "";

type Sql = postgres.Sql;
const preparedTexts = async (sql: Sql) =>
  (await sql.unsafe("select statement from pg_prepared_statements")).map((r) =>
    String(r.statement),
  );

describe.skipIf(!url)("prepared statements on postgres.js", () => {
  let raw: Sql;
  beforeAll(() => {
    raw = postgres(url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await raw?.end();
  });

  it("prepares unnamed queries, inside transactions too, up to the budget", async () => {
    const sql = preparingClient(raw, 3);
    const texts = ["select $1::int + 1 as n", "select $1::int + 2 as n", "select $1::int + 3 as n"];
    expect(await sql.unsafe(texts[0] as string, [1])).toEqual([{ n: 2 }]);
    await sql.begin((tx) => tx.unsafe(texts[1] as string, [1]));
    // A third and a fourth text: the budget of 3 is spent by the third.
    expect(await sql.unsafe(texts[2] as string, [1])).toEqual([{ n: 4 }]);
    expect(await sql.unsafe("select $1::int + 4 as n", [1])).toEqual([{ n: 5 }]);
    // Repeating a prepared text keeps working (the server's statement is reused).
    expect(await sql.unsafe(texts[0] as string, [41])).toEqual([{ n: 42 }]);

    const prepared = await preparedTexts(raw);
    for (const t of texts) expect(prepared).toContain(t);
    expect(prepared).not.toContain("select $1::int + 4 as n");
  });

  it("leaves queries without parameters alone (postgres.js sends them with the simple protocol)", async () => {
    const sql = preparingClient(raw);
    expect(await sql.unsafe("select 7 as n")).toEqual([{ n: 7 }]);
    expect(await preparedTexts(raw)).not.toContain("select 7 as n");
  });

  it("drizzle's own queries on a createPostgresDatabase pool are prepared", async () => {
    const database = createPostgresDatabase(url, [], { max: 1 });
    try {
      // drizzle sends this unnamed, with an explicit `prepare: false`.
      const rows = await executeRows(database.db, q`select ${"drizzle"}::text || '!' as v`);
      expect(rows).toEqual([{ v: "drizzle!" }]);
      const statements = await executeRows<{ statement: string }>(
        database.db,
        q`select statement from pg_prepared_statements`,
      );
      expect(statements.map((s) => s.statement)).toContain("select $1::text || '!' as v");
    } finally {
      await database.close();
    }
  });
});
