import type { ErrorEvent } from "@sentry/core";
import type { ErrorContext } from "../core/error-reporter";

/**
 * `beforeSend` of both entries: what an error report may carry out of the process, as an allow
 * list. Kept: the exception's type, its stack frames (file, function, line), the tags we set
 * (request id, route template, method, status), release, environment, platform and SDK. Dropped:
 * every message (a failed query's message carries its parameters: resume text, hashes, prompts),
 * the request (headers with tokens, bodies, cookies, query strings), user, extra data,
 * breadcrumbs and contexts. An event of another kind than an exception is not sent at all.
 */
export function scrubEvent(event: ErrorEvent): ErrorEvent | null {
  const values = event.exception?.values;
  if (!values || values.length === 0) return null;
  const frames = (f: NonNullable<NonNullable<(typeof values)[number]["stacktrace"]>["frames"]>) =>
    f.map(({ filename, function: fn, lineno, colno, in_app, module }) => ({
      filename,
      function: fn,
      lineno,
      colno,
      in_app,
      module,
    }));
  return {
    type: undefined,
    event_id: event.event_id,
    timestamp: event.timestamp,
    platform: event.platform,
    level: event.level,
    release: event.release,
    environment: event.environment,
    sdk: event.sdk,
    tags: event.tags,
    exception: {
      values: values.map((v) => ({
        type: v.type,
        value: v.type ?? "Error",
        ...(v.stacktrace?.frames ? { stacktrace: { frames: frames(v.stacktrace.frames) } } : {}),
        ...(v.mechanism
          ? { mechanism: { type: v.mechanism.type, handled: v.mechanism.handled } }
          : {}),
      })),
    },
  };
}

/** The tags every report carries (both entries): bounded values, no ids but the request's. */
export const reportTags = (ctx: ErrorContext) => ({
  request_id: ctx.requestId,
  route: ctx.route,
  method: ctx.method,
  status: String(ctx.status),
});
