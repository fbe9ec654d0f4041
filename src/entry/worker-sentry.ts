import type { ErrorReporter } from "../core/error-reporter";
import { loadOnce } from "../core/lazy";

/**
 * Error reports on Workers when SENTRY_DSN is set (worker-sentry-client.ts). @sentry/core (~160
 * KB) loads with the first report, not with every cold isolate (BENCHMARKS.md #26): a report is
 * sent in the background anyway, so the request's waitUntil carries the load, the capture and
 * the send, and the report outlives the response.
 */
export function createWorkerErrorReporter(opts: {
  dsn: string;
  release: string;
  environment: string;
}): (waitUntil: (p: Promise<unknown>) => void) => ErrorReporter {
  const send = loadOnce(async () =>
    (await import("./worker-sentry-client")).createSentrySend(opts),
  );
  return (waitUntil) => ({
    capture(err, ctx) {
      waitUntil(send().then((sendReport) => sendReport(err, ctx)));
    },
  });
}
