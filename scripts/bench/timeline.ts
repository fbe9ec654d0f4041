/**
 * Issue 23's two receipts, on one PostgreSQL database (DATABASE_URL):
 * - the timeline write's cost on an application update: A/B of two checkouts (A without the
 *   timeline, B with it), both servers side by side, rounds interleaved (A B, then B A, ...). Each
 *   request is a PATCH that changes the status (it alternates), so B writes an entry every time.
 *   Prints the median over rounds of each side's requests per second and server CPU per request.
 * - a 500-row CSV import on checkout B: its wall time, several runs.
 *
 *   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/timeline.ts /tmp/before . 8
 */
import { resolve } from "node:path";
import { api, createUser } from "./api-client";
import { cpuSecondsOf, type Proc, settle, startNode } from "./processes";
import { apiEnv } from "./servers";
import { startStandIn } from "./stand-in";

const [dirA, dirB, roundsArg = "8"] = process.argv.slice(2);
if (!dirA || !dirB || !process.env.DATABASE_URL) {
  console.error("usage: DATABASE_URL=... timeline.ts <checkout A> <checkout B> [rounds]");
  process.exit(2);
}
const rounds = Number(roundsArg);
const REQUESTS = 400;
const CONCURRENCY = 8;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;

/** REQUESTS status-changing PATCHes over CONCURRENCY applications (one per worker). */
async function patchRound(server: Proc, token: string, ids: number[]) {
  await settle(server.pid);
  const cpu0 = cpuSecondsOf(server.pid);
  const started = performance.now();
  await Promise.all(
    ids.map(async (id, w) => {
      for (let i = 0; i < REQUESTS / CONCURRENCY; i++) {
        const status = (i + w) % 2 === 0 ? "Interviewing" : "Applied";
        const res = await fetch(`${server.url}/api/job-applications/${id}/`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ status }),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuUs = ((cpuSecondsOf(server.pid) - cpu0) * 1e6) / REQUESTS;
  return { rps: REQUESTS / seconds, cpuUs };
}

async function applications(server: Proc, token: string) {
  const ids: number[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const res = await api(server.url, "POST", "/api/job-applications/", {
      token,
      json: { job_title: `Bench ${i}`, company_name: "Bench Corp" },
    });
    ids.push((res.body as { id: number }).id);
  }
  return ids;
}

async function importRuns(server: Proc, token: string) {
  const header = "Position,Company,Stage,Date,Notes\r\n";
  const rows = Array.from(
    { length: 500 },
    (_, i) =>
      `Engineer ${i},"Company ${i}, Inc.",Applied,2026-01-${String((i % 28) + 1).padStart(2, "0")},"Row ${i} ""quoted"" note"\r\n`,
  );
  const csv = header + rows.join("");
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/job-applications/import/`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body: csv,
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`import answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

async function main() {
  const standIn = await startStandIn(200);
  const env = apiEnv(standIn, null);
  // B first: it migrates the database to its schema (A's code ignores the newer table).
  const b = await startNode(resolve(dirB as string, "src/entry/node.ts"), env);
  const a = await startNode(resolve(dirA as string, "src/entry/node.ts"), env);
  try {
    const user = await createUser(b.url, "bench_timeline");
    if (!user) throw new Error("sign-up failed");
    const idsA = await applications(a, user.access);
    const idsB = await applications(b, user.access);
    const out = {
      A: { rps: [] as number[], cpu: [] as number[] },
      B: { rps: [] as number[], cpu: [] as number[] },
    };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (["A", "B"] as const) : (["B", "A"] as const);
      for (const side of order) {
        const r = await patchRound(side === "A" ? a : b, user.access, side === "A" ? idsA : idsB);
        out[side].rps.push(r.rps);
        out[side].cpu.push(r.cpuUs);
        console.log(
          `round ${round} ${side}: ${r.rps.toFixed(0)} req/s, ${r.cpuUs.toFixed(0)} µs CPU/req`,
        );
      }
    }
    for (const side of ["A", "B"] as const)
      console.log(
        `${side}: median ${median(out[side].rps).toFixed(0)} req/s, ${median(out[side].cpu).toFixed(0)} µs CPU/req`,
      );
    const ratio = median(out.A.rps) / median(out.B.rps);
    console.log(`B costs ${((ratio - 1) * 100).toFixed(1)} % more time per update than A`);
    const times = await importRuns(b, user.access);
    console.log(
      `500-row import (ms): ${times.map((t) => t.toFixed(0)).join(", ")}; median ${median(times).toFixed(0)}`,
    );
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await standIn.close();
  }
}

await main();
