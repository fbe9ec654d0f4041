import type { AiProviders } from "./ai/provider";
import type { Config } from "./config";
import type { Clock } from "./core/clock";
import type { ErrorReporter } from "./core/error-reporter";
import type { Logger } from "./core/logger";
import type { Metrics } from "./core/metrics";
import type { Hasher } from "./core/passwords";
import type { Database } from "./db/client";
import type { Kv } from "./kv/kv";

/** Everything handlers reach through `c.env.deps`, built by an entry (or a test). */
export interface Deps {
  config: Config;
  database: Database;
  kv: Kv;
  clock: Clock;
  logger: Logger;
  hasher: Hasher;
  ai: AiProviders;
  /** Operator metrics (Prometheus on Node), when configured. */
  metrics?: Metrics;
  /** Unexpected failures go here too (Sentry), when configured. */
  errors?: ErrorReporter;
  /** Keeps background work alive past the response (Workers' waitUntil; Node: tracked promise). */
  waitUntil(promise: Promise<unknown>): void;
}
