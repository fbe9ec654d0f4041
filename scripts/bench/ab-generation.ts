/**
 * A/B of the generation probes of two checkouts, alternating (A B, then B A, ...) so the
 * machine's drift lands on both: the overhead of a JSON generation above the provider's own
 * latency and the delay of the first streamed chunk, as `npm run bench` measures them (issue 24).
 * Prints the median of each round's p50 and p95.
 *
 *   DATABASE_URL=postgres://... npx tsx scripts/bench/ab-generation.ts /tmp/before . 6 25
 */
import { resolve } from "node:path";
import { generationOverhead, streamingFirstChunk } from "./probes";
import { startNode } from "./processes";
import { apiEnv, PROVIDER_DELAY_MS } from "./servers";
import { startStandIn } from "./stand-in";

const [dirA, dirB, roundsArg = "6", probesArg = "25"] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error("usage: ab-generation.ts <checkout A> <checkout B> [rounds] [probes per round]");
  process.exit(2);
}
const rounds = Number(roundsArg);
const probes = Number(probesArg);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? Number.NaN;

async function main() {
  const standIn = await startStandIn(PROVIDER_DELAY_MS);
  const env = apiEnv(standIn, null);
  const servers = {
    A: await startNode(resolve(dirA as string, "src/entry/node.ts"), env),
    B: await startNode(resolve(dirB as string, "src/entry/node.ts"), env),
  };
  const out = new Map<string, number[]>();
  const add = (key: string, v: number | undefined) => {
    if (v !== undefined) out.set(key, [...(out.get(key) ?? []), v]);
  };
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (["A", "B"] as const) : (["B", "A"] as const);
      for (const name of order) {
        const url = servers[name].url;
        const gen = await generationOverhead(url, standIn, PROVIDER_DELAY_MS, probes);
        const first = await streamingFirstChunk(url, standIn, probes);
        add(`generation overhead p50 ${name}`, gen.overhead?.p50);
        add(`generation overhead p95 ${name}`, gen.overhead?.p95);
        add(`first chunk p50 ${name}`, first.overhead?.p50);
        add(`first chunk p95 ${name}`, first.overhead?.p95);
        if (gen.status !== "ok" || first.status !== "ok")
          console.log(name, gen.reason, first.reason);
      }
    }
    for (const [key, v] of [...out].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const rows = v.map((x) => x.toFixed(2)).join(", ");
      console.log(`${key.padEnd(28)} median ${median(v).toFixed(2)} ms (rounds: ${rows})`);
    }
  } finally {
    await Promise.all([servers.A.stop(), servers.B.stop()]);
    await standIn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
