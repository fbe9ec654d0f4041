import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Config } from "../config";
import type { Metrics } from "../core/metrics";
import type { ReplicaStatus } from "../db/client";

/**
 * Prometheus metrics on Node (prom-client), on when METRICS_TOKEN or METRICS_PORT is set.
 * Workers have no scrape endpoint; there the access log's JSON lines (method, route, status, ms)
 * feed Workers Logs / Logpush, which is where an operator alerts on a Worker.
 * Cache hit ratio: sum(rate(resumate_cache_requests_total{result="hit"}[5m])) by (cache)
 *   / sum(rate(resumate_cache_requests_total[5m])) by (cache)
 */
export interface NodeMetrics extends Metrics {
  registry: Registry;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const AI_BUCKETS = [0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

export function createNodeMetrics(replicas?: ReplicaStatus): NodeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "resumate_" });
  const r = { registers: [registry] };
  if (replicas) replicaMetrics(registry, replicas);
  const requests = new Histogram({
    name: "resumate_http_request_duration_seconds",
    help: "HTTP requests by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: LATENCY_BUCKETS,
    ...r,
  });
  const inFlight = new Gauge({
    name: "resumate_http_requests_in_flight",
    help: "Requests being served",
    ...r,
  });
  const cache = new Counter({
    name: "resumate_cache_requests_total",
    help: "Cache lookups by cache and result (hit, miss)",
    labelNames: ["cache", "result"] as const,
    ...r,
  });
  const throttled = new Counter({
    name: "resumate_throttle_rejections_total",
    help: "Requests refused with 429, by throttle scope",
    labelNames: ["scope"] as const,
    ...r,
  });
  const ai = new Histogram({
    name: "resumate_ai_generation_duration_seconds",
    help: "AI generations by provider, model and outcome (success, failure, limited = daily limit, breaker_open, cancelled)",
    labelNames: ["provider", "model", "outcome"] as const,
    buckets: AI_BUCKETS,
    ...r,
  });
  const attempts = new Counter({
    name: "resumate_ai_attempts_total",
    help: "Provider calls made (retries included), by provider and model",
    labelNames: ["provider", "model"] as const,
    ...r,
  });
  const breaker = new Gauge({
    name: "resumate_ai_breaker_open",
    help: "1 while the circuit breaker of a provider and model was last seen open",
    labelNames: ["provider", "model"] as const,
    ...r,
  });
  const rejectedKeys = new Counter({
    name: "resumate_ai_key_rejections_total",
    help: "Provider keys rejected (401/403) and skipped, by key setting",
    labelNames: ["pool"] as const,
    ...r,
  });
  const dbErrors = new Counter({
    name: "resumate_db_query_errors_total",
    help: "Requests that failed on a PostgreSQL error, by SQLSTATE class",
    labelNames: ["class"] as const,
    ...r,
  });
  return {
    registry,
    request: (method, route, status, seconds) =>
      requests.labels(method, route, String(status)).observe(seconds),
    inFlight: (delta) => inFlight.inc(delta),
    cache: (name, hit) => cache.labels(name, hit ? "hit" : "miss").inc(),
    throttled: (scope) => throttled.labels(scope).inc(),
    ai: (provider, model, outcome, seconds, n) => {
      ai.labels(provider, model, outcome).observe(seconds);
      if (n > 0) attempts.labels(provider, model).inc(n);
    },
    breaker: (provider, model, open) => breaker.labels(provider, model).set(open ? 1 : 0),
    keyRejected: (pool) => rejectedKeys.labels(pool).inc(),
    dbError: (cls) => dbErrors.labels(cls).inc(),
  };
}

/**
 * The replicas as the background probes last saw them, read at scrape time: how many are in each
 * state, each one's replay lag, and its ejections (labels: the configured replicas' host:port/db).
 */
function replicaMetrics(registry: Registry, replicas: ReplicaStatus) {
  const r = { registers: [registry] };
  new Gauge({
    name: "resumate_db_replicas",
    help: "Read replicas by state (ok, ejected = failed and out of rotation, lagging = over the lag limit or not yet measured)",
    labelNames: ["state"] as const,
    ...r,
    collect() {
      for (const [state, n] of Object.entries(replicas.counts())) this.labels(state).set(n);
    },
  });
  new Gauge({
    name: "resumate_db_replica_lag_seconds",
    help: "A replica's replay lag, last sampled",
    labelNames: ["replica"] as const,
    ...r,
    collect() {
      for (const s of replicas.snapshot()) this.labels(s.name).set(s.lagMs / 1000);
    },
  });
  new Gauge({
    name: "resumate_db_replica_ejections",
    help: "Times a replica was ejected since the process started (a counter read at scrape time)",
    labelNames: ["replica"] as const,
    ...r,
    collect() {
      for (const s of replicas.snapshot()) this.labels(s.name).set(s.ejections);
    },
  });
}

/** `/metrics` (and `/metrics/`), whatever the query. */
export const isMetricsPath = (url: string) => /^\/metrics\/?$/.test(new URL(url).pathname);

export const metricsEnabled = (config: Config) =>
  Boolean(config.METRICS_TOKEN) || config.METRICS_PORT !== undefined;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus' text format. On the API's port it needs `Authorization: Bearer
 * <METRICS_TOKEN>` (401 otherwise, in DRF's format); on METRICS_PORT (an internal port) it is
 * open. Answered by the Node entry before the app: an operator's endpoint, not the API's.
 */
export async function metricsResponse(
  metrics: NodeMetrics,
  authorization: string | undefined,
  token: string | undefined,
): Promise<Response> {
  if (token !== undefined) {
    const given = authorization?.startsWith("Bearer ") ? authorization.slice(7) : "";
    if (!sameSecret(given, token)) {
      return Response.json(
        { detail: "Authentication credentials were not provided." },
        { status: 401, headers: { "WWW-Authenticate": "Bearer" } },
      );
    }
  }
  return new Response(await metrics.registry.metrics(), {
    headers: { "Content-Type": metrics.registry.contentType },
  });
}

/** METRICS_PORT: /metrics alone, without a token, on a port kept off the public network. */
export function serveMetricsPort(metrics: NodeMetrics, port: number, host: string): Server {
  const server = createServer((req, res) => {
    if (req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: "Not found." }));
      return;
    }
    metrics.registry.metrics().then(
      (body) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(body);
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  server.listen(port, host);
  return server;
}
