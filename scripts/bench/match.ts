/**
 * The match score's own time, in process: `npx tsx scripts/bench/match.ts` (a few seconds).
 * `npm run bench` prints the same beside the endpoint's row. See BENCHMARKS.md.
 */
import { matchScore } from "../../src/matching/match";
import { benchPosting, benchResume } from "./match-texts";

export interface MatchTiming {
  postingChars: number;
  resumeChars: number;
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU time per call (mean over the n calls): steadier than wall time on a shared machine. */
  cpuMean: number;
  keywords: number;
  score: number;
}

const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** matchScore on a 20,000-character posting and a two-page resume, `n` times after a warm-up. */
export function matchEngineTiming(n = 300): MatchTiming {
  const posting = benchPosting();
  const resume = benchResume();
  let result = matchScore(posting, resume);
  // The first call also builds the vocabulary's index; time it apart.
  for (let i = 0; i < 30; i++) result = matchScore(posting, resume);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    matchScore(posting, resume);
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 100) / 100;
  return {
    postingChars: posting.length,
    resumeChars: resume.length,
    n,
    p50: ms(at(times, 0.5)),
    p99: ms(at(times, 0.99)),
    max: ms(times[times.length - 1] ?? 0),
    cpuMean: ms((cpu.user + cpu.system) / 1000 / n),
    keywords: result.matched.length + result.missing.length,
    score: result.score,
  };
}

/** The first call of a fresh process: the vocabulary's index is built here. */
export function firstCallMs(): number {
  const t0 = performance.now();
  matchScore(benchPosting(), benchResume());
  return Math.round((performance.now() - t0) * 100) / 100;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const first = firstCallMs();
  console.log(`match score, first call (builds the vocabulary): ${first} ms`);
  console.log("match score, warm:", matchEngineTiming());
}
