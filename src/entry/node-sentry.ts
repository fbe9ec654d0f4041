import { readFileSync } from "node:fs";
import type { Config } from "../config";
import type { ErrorReporter } from "../core/error-reporter";
import { reportTags, scrubEvent } from "./sentry-scrub";

/** The release reports carry: SENTRY_RELEASE, else resumate-api@<package version>. */
function release(config: Config): string {
  if (config.SENTRY_RELEASE) return config.SENTRY_RELEASE;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return `resumate-api@${(pkg as { version: string }).version}`;
}

/**
 * Sentry on Node, only when SENTRY_DSN is set (loaded then, so a server without it pays nothing).
 * A client of its own, not `Sentry.init()`: no global hooks, no OpenTelemetry, no default
 * integrations (they would add request bodies and console breadcrumbs); every event goes through
 * scrubEvent. Tags: the request id, route template, method and status.
 */
export async function createNodeErrorReporter(
  config: Config,
): Promise<(ErrorReporter & { flush(ms: number): Promise<boolean> }) | undefined> {
  if (!config.SENTRY_DSN) return undefined;
  const Sentry = await import("@sentry/node");
  const client = new Sentry.NodeClient({
    dsn: config.SENTRY_DSN,
    release: release(config),
    environment: config.SENTRY_ENVIRONMENT ?? config.NODE_ENV,
    transport: Sentry.makeNodeTransport,
    stackParser: Sentry.defaultStackParser,
    integrations: [],
    sendDefaultPii: false,
    beforeSend: scrubEvent,
  });
  client.init();
  return {
    capture(err, ctx) {
      const scope = new Sentry.Scope();
      scope.setClient(client);
      scope.setTags(reportTags(ctx));
      scope.captureException(err);
    },
    flush: async (ms) => client.flush(ms),
  };
}
