import {
  createStackParser,
  createTransport,
  nodeStackLineParser,
  Scope,
  ServerRuntimeClient,
} from "@sentry/core";
import type { ErrorContext } from "../core/error-reporter";
import { reportTags, scrubEvent } from "./sentry-scrub";

/**
 * Sentry on Workers: a client of @sentry/core (what @sentry/cloudflare is built on) with a fetch
 * transport, made once per isolate, on the first report (worker-sentry.ts loads this module
 * then). @sentry/cloudflare's withSentry() grew the bundle by 483 KiB (+12.7%, its
 * instrumentations and OpenTelemetry), past this project's 5% budget; this client adds a
 * fraction of that and reports the same events. Returns the send: capture, then flush (the
 * request's waitUntil carries it, so a report outlives the response).
 */
export function createSentrySend(opts: {
  dsn: string;
  release: string;
  environment: string;
}): (err: unknown, ctx: ErrorContext) => Promise<unknown> {
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
  return (err, ctx) => {
    const scope = new Scope();
    scope.setClient(client);
    scope.setTags(reportTags(ctx));
    scope.captureException(err);
    return Promise.resolve(client.flush(2000));
  };
}
