import {
  createStackParser,
  createTransport,
  nodeStackLineParser,
  Scope,
  ServerRuntimeClient,
} from "@sentry/core";
import type { ErrorReporter } from "../core/error-reporter";
import { reportTags, scrubEvent } from "./sentry-scrub";

/**
 * Sentry on Workers: a client of @sentry/core (what @sentry/cloudflare is built on) with a fetch
 * transport, made once per isolate when SENTRY_DSN is set. @sentry/cloudflare's withSentry()
 * grew the bundle by 483 KiB (+12.7%, its instrumentations and OpenTelemetry), past this
 * project's 5% budget; this client adds a fraction of that and reports the same events. The
 * request's waitUntil carries the send (flush), so a report outlives the response.
 */
export function createWorkerErrorReporter(opts: {
  dsn: string;
  release: string;
  environment: string;
}): (waitUntil: (p: Promise<unknown>) => void) => ErrorReporter {
  const client = new ServerRuntimeClient({
    dsn: opts.dsn,
    release: opts.release,
    environment: opts.environment,
    platform: "javascript",
    runtime: { name: "cloudflare" },
    integrations: [],
    sendDefaultPii: false,
    stackParser: createStackParser(nodeStackLineParser()),
    beforeSend: scrubEvent,
    transport: (options) =>
      createTransport(options, async (request) => {
        const res = await fetch(options.url, {
          method: "POST",
          body: request.body as BodyInit,
          headers: options.headers,
        });
        return {
          statusCode: res.status,
          headers: {
            "x-sentry-rate-limits": res.headers.get("x-sentry-rate-limits"),
            "retry-after": res.headers.get("retry-after"),
          },
        };
      }),
  });
  client.init();
  return (waitUntil) => ({
    capture(err, ctx) {
      const scope = new Scope();
      scope.setClient(client);
      scope.setTags(reportTags(ctx));
      scope.captureException(err);
      waitUntil(Promise.resolve(client.flush(2000)));
    },
  });
}
