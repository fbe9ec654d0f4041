import type { MiddlewareHandler } from "hono";

/**
 * What the app counts for operators (Prometheus on Node: src/entry/node-metrics.ts). Labels are
 * always bounded sets: methods, route templates, statuses, scope and cache names, provider and
 * model names from the configuration. Never ids, usernames, raw paths or client addresses.
 */
export interface Metrics {
  request(method: string, route: string, status: number, seconds: number): void;
  inFlight(delta: 1 | -1): void;
  cache(name: string, hit: boolean): void;
  throttled(scope: string): void;
  /** One generation attempt's end: outcome as the usage ledger records it. */
  ai(provider: string, model: string, outcome: string, seconds: number, attempts: number): void;
  breaker(provider: string, model: string, open: boolean): void;
  keyRejected(pool: string): void;
  /** A query that failed with a PostgreSQL error (SQLSTATE class, e.g. `08`, `57`). */
  dbError(sqlstateClass: string): void;
}

/**
 * Requests by method, route template and status, with their duration, and those in flight. A
 * pass-through (no async layer) when no metrics are configured.
 */
export const recordRequests: MiddlewareHandler<{ Bindings: { deps: { metrics?: Metrics } } }> = (
  c,
  next,
) => {
  const metrics = c.env.deps.metrics;
  if (!metrics) return next();
  const started = performance.now();
  metrics.inFlight(1);
  return next().finally(() => {
    metrics.inFlight(-1);
    // The matched template (`/api/resumes/:id`); an unmatched path counts under its 404 status.
    const route =
      c.res.status === 404 && c.req.routePath.endsWith("*") ? "unmatched" : c.req.routePath;
    metrics.request(c.req.method, route, c.res.status, (performance.now() - started) / 1000);
  });
};
