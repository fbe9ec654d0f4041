/**
 * The load generator, run as its own process (forked by the bench runner, so the runner's
 * stand-in and probes never compete with it for the event loop). Receives jobs over IPC,
 * runs autocannon with a warm-up, and answers a small summary.
 */
import autocannon from "autocannon";

export interface CannonJob {
  id: number;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  duration: number;
  warmup: number;
  /** Requests per second over all connections (open-loop); unlimited when absent. */
  rate?: number;
}

export interface CannonSummary {
  id: number;
  requests: number;
  /** Requests sent during the warm-up (so server CPU per request can count them too). */
  warmupRequests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
}

async function run(job: CannonJob): Promise<CannonSummary> {
  const result = await autocannon({
    url: job.url,
    method: job.method,
    headers: job.headers,
    body: job.body,
    connections: job.connections,
    duration: job.duration,
    timeout: 30,
    ...(job.rate ? { overallRate: job.rate } : {}),
    ...(job.warmup > 0 ? { warmup: { connections: job.connections, duration: job.warmup } } : {}),
  });
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count;
  return {
    id: job.id,
    requests: result.requests.total,
    warmupRequests: result.warmup?.requests.total ?? 0,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses,
  };
}

process.on("message", (job: CannonJob) => {
  run(job).then(
    (summary) => process.send?.(summary),
    (err: Error) => process.send?.({ id: job.id, error: err.message }),
  );
});
process.on("disconnect", () => process.exit(0));
