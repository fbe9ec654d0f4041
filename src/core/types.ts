import type { Config } from "../config";
import type { Clock } from "./clock";
import type { ErrorReporter } from "./error-reporter";
import type { Kv } from "./kv";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { ResponseHeaders } from "./response-headers";
import type { PersonalTokenGrant } from "./scope-names";
import type { Timestamp } from "./timestamps";

/**
 * Reads the request body as UTF-8 text, at most `maxBytes` (past that it rejects with
 * `bodyTooLarge()`), once per request. The caller of `app.fetch` supplies it: core's
 * `requestBodyReader` over the Fetch `Request`, or one over the runtime's own request object.
 */
export type BodyReader = (maxBytes: number) => Promise<string>;

/** The signed-in user as the auth middleware loads it. */
export interface AuthUser {
  id: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  isStaff: boolean;
  isSuperuser: boolean;
  dateJoined: Timestamp;
}

/**
 * The check a conditional write runs on the current representation (the row, locked, as the
 * GET would answer it): nothing without `If-Match`; else 412 unless a listed tag is its own.
 */
export type IfMatch = (json: string) => Promise<void>;

/** What the core's middlewares and helpers use of the dependencies; the app's `Deps` has more. */
export interface CoreDeps {
  config: Config;
  kv: Kv;
  clock: Clock;
  logger: Logger;
  /** Operator metrics (Prometheus), when the entry configures them. */
  metrics?: Metrics;
  /** Unexpected failures go here too (Sentry), when configured. */
  errors?: ErrorReporter;
  /** Keeps background work alive past the response (the entry decides how). */
  waitUntil(promise: Promise<unknown>): void;
}

/** Counts in this process (fixed windows, as `Kv.incr`); see core/security-counter.ts. */
export interface LocalCounterStore {
  incr(key: string, windowSeconds: number, nowMs: number): { value: number; ttlMs: number };
  get(key: string, nowMs: number): number;
}

/** Outage state shared by every throttle of one app: each mode is logged once per incident. */
export interface ThrottleState {
  failingOpen: boolean;
  failingClosed: boolean;
  failingLocal: boolean;
  /** This process's counters for the password limits while the store is down. */
  local: LocalCounterStore;
}

/**
 * The Hono environment the core's middlewares and helpers need: `c.env.deps` for services, `c.var`
 * for per-request facts. The app's environment (src/app-env.ts) extends it.
 */
export interface CoreEnv {
  Bindings: {
    deps: CoreDeps;
    /** The peer address of the connection, as the entry knows it. */
    socketIp?: string;
    /** Reads this request's body (see `BodyReader`); every body read goes through it. */
    readBody: BodyReader;
    /** The headers every answer carries; the caller of `app.fetch` sends them with it. */
    headers: ResponseHeaders;
  };
  Variables: {
    requestId: string;
    logger: Logger;
    user: AuthUser | null;
    /** The personal access token the request came with (null: a session's JWT, or anonymous). */
    personalToken: PersonalTokenGrant | null;
    /** A conditional write's `If-Match` check (routes with `etag`; see core/etag.ts). */
    ifMatch?: IfMatch;
    clientIp: string;
    /** The app's throttle state (one per app, so per process or isolate). */
    throttleState: ThrottleState;
  };
}
