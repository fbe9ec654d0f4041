import type { Context } from "hono";

/**
 * Where failures a person should look at are reported (Sentry when SENTRY_DSN is set, nothing
 * otherwise): every unexpected 500, and every AI failure that ends in a 503. The reporter gets
 * the error and this context only; it scrubs before anything leaves the process.
 */
export interface ErrorContext {
  requestId: string;
  /** The route template (`/api/resumes/:id`), never the raw path. */
  route: string;
  method: string;
  status: number;
}

export interface ErrorReporter {
  capture(err: unknown, context: ErrorContext): void;
}

/** What reporting reads of a request: the core's environment has it (named here, not imported). */
interface ReportingEnv {
  Bindings: { deps?: { errors?: ErrorReporter } };
  Variables: { requestId: string };
}

/** Reports `err` for this request, if a reporter is configured. */
export function reportError<E extends ReportingEnv>(c: Context<E>, err: unknown, status: number) {
  const reporter = c.env?.deps?.errors;
  if (!reporter) return;
  try {
    reporter.capture(err, {
      requestId: c.get("requestId") ?? "",
      route: c.req.routePath,
      method: c.req.method,
      status,
    });
  } catch {
    // Reporting must never turn an answer into another failure.
  }
}
