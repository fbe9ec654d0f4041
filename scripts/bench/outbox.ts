/**
 * The outbox's cost on a create, at the statement: the application insert as it was before
 * webhooks (one prepared INSERT ... RETURNING) against the create as it is now (the same insert
 * with the outbox CTE, `insertJobApplication`), for a user without webhooks (the common case)
 * and one with a subscribed webhook. Alternating batches on one connection, so the machine's
 * drift lands on both; prints the median µs per create of each (commit flushes left out).
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/outbox.ts [rounds] [batch]
 */
import { sql } from "drizzle-orm";
import { systemClock } from "../../src/core/clock";
import { timestampNow } from "../../src/core/timestamps";
import { migrateDatabase } from "../../src/db/migrate";
import { createPostgresDatabase } from "../../src/db/postgres";
import { authUser, jobApplication, webhook } from "../../src/db/schema";
import { insertJobApplication } from "../../src/features/job-applications/job-applications.queries";

const [roundsArg = "12", batchArg = "300"] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;

async function main() {
  const database = createPostgresDatabase(url as string, [], { max: 1 });
  const { db } = database;
  await database.exclusive((d) => migrateDatabase(database, d));
  // The commit's WAL flush is the same for both and, on a shared disk, most of the noise: left
  // out, what remains is the statements' own work (one connection: this session's setting).
  await db.execute(sql`set synchronous_commit = off`);
  const user = async (name: string) => {
    const [row] = await db
      .insert(authUser)
      .values({ username: `${name}_${Date.now()}`, email: "b@example.com", password: "!" })
      .returning({ id: authUser.id });
    return row?.id ?? 0;
  };
  const plain = await user("outbox_plain");
  const hooked = await user("outbox_hooked");
  const now = timestampNow(systemClock);
  await db.insert(webhook).values({
    userId: hooked,
    url: "https://93.184.216.34/hook",
    events: ["job_application.created"],
    secret: "whsec_AAAA",
    createdAt: now,
    updatedAt: now,
  });
  // Before: the insert as one prepared statement, as the create ran without webhooks.
  const before = db
    .insert(jobApplication)
    .values({
      jobTitle: sql.placeholder("jobTitle"),
      companyName: sql.placeholder("companyName"),
      originalJobDescription: null,
      dateApplied: null,
      status: "Applied",
      notes: null,
      resumeUsedId: null,
      userId: sql.placeholder("userId"),
      isDeleted: false,
      isExample: false,
      createdAt: sql.placeholder("now"),
      updatedAt: sql.placeholder("now"),
    })
    .returning()
    .prepare("bench_before_insert");
  const runs: Record<string, (userId: number) => Promise<unknown>> = {
    "before (no outbox)": (userId) =>
      before.execute({
        jobTitle: "Dev",
        companyName: "Acme",
        userId,
        now: timestampNow(systemClock),
      }),
    "after, no webhook": () =>
      insertJobApplication(db, {
        jobTitle: "Dev",
        companyName: "Acme",
        userId: plain,
        now: timestampNow(systemClock),
      }),
    "after, a subscribed webhook": () =>
      insertJobApplication(db, {
        jobTitle: "Dev",
        companyName: "Acme",
        userId: hooked,
        now: timestampNow(systemClock),
      }),
  };
  const times = new Map<string, number[]>();
  const names = Object.keys(runs);
  for (let round = 0; round < Number(roundsArg); round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const run = runs[name] as (userId: number) => Promise<unknown>;
      for (let i = 0; i < 20; i++) await run(plain); // warm
      const t0 = performance.now();
      for (let i = 0; i < Number(batchArg); i++) await run(plain);
      const us = ((performance.now() - t0) * 1000) / Number(batchArg);
      times.set(name, [...(times.get(name) ?? []), us]);
    }
  }
  const base = median(times.get(names[0] as string) ?? []);
  for (const name of names) {
    const m = median(times.get(name) ?? []);
    const rows = (times.get(name) ?? []).map((v) => v.toFixed(0)).join(", ");
    console.log(
      `${name.padEnd(28)} median ${m.toFixed(0)} µs/create (${((m / base - 1) * 100).toFixed(1)}% vs before; rows: ${rows})`,
    );
  }
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
