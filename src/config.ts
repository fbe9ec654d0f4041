import * as z from "zod";

/**
 * Every setting the app reads, as a zod schema over a flat string map (process.env on Node,
 * the Worker's env on Workers). Pure: parsing never reads the environment itself.
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const int = (fallback: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: "custom", message: `must be an integer >= ${min}` });
        return z.NEVER;
      }
      return n;
    });

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => {
      if (v === undefined || v.trim() === "") return fallback;
      return ["1", "true", "yes", "on"].includes(v.trim().toLowerCase());
    });

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

/** An absolute http(s) URL without query or fragment, kept without its trailing slash. */
const publicUrl = optionalString.pipe(
  z
    .string()
    .refine(
      (v) => {
        if (!URL.canParse(v)) return false;
        const u = new URL(v);
        return (u.protocol === "https:" || u.protocol === "http:") && !u.search && !u.hash;
      },
      { error: "must be an absolute http(s) URL without query" },
    )
    .transform((v) => v.replace(/(?<!\/)\/+$/, ""))
    .optional(),
);

/** DRF rate syntax: "N/sec|min|hour|day" (only the first letter of the period counts, as in DRF). */
export const rateSchema = z
  .string()
  .regex(/^\d+\/(s|m|h|d)[a-z]*$/i, "must look like 100/min")
  .transform((v) => {
    const [count, period] = v.split("/");
    const seconds = { s: 1, m: 60, h: 3600, d: 86400 }[(period ?? "m")[0]?.toLowerCase() as "s"];
    return { limit: Number(count), windowSeconds: seconds };
  });

const rate = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : v.trim()))
    .pipe(rateSchema);

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(8000, 1),
  DATABASE_URL: optionalString,
  DATABASE_REPLICA_URLS: list,
  // Connections per pool on Node (postgres.js pipelines queries over them); see BENCHMARKS.md #15.
  DATABASE_POOL_MAX: int(5, 1),
  // Timeouts of every pool, in ms, suited to an API (postgres.js' own connect timeout is 30 s, and
  // it has no statement timeout): a hung server costs a request one timeout, not minutes.
  DATABASE_CONNECT_TIMEOUT_MS: int(3_000, 1),
  // statement_timeout of every API session (0 = none); migrations run without it.
  DATABASE_STATEMENT_TIMEOUT_MS: int(10_000, 0),
  // An idle connection is closed after this (0 = kept), and any connection after its lifetime.
  DATABASE_IDLE_TIMEOUT_MS: int(60_000, 0),
  DATABASE_MAX_LIFETIME_MS: int(30 * 60_000, 0),
  // Replicas whose replay lag (sampled in the background) exceeds this are skipped.
  DATABASE_REPLICA_MAX_LAG_MS: int(5_000, 0),
  PGLITE_DIR: z.string().default("./.data/pglite"),
  // The embedded database's WebAssembly compiled by V8's baseline compiler only (Node): about
  // 50 MB less resident memory for about 25 % more CPU per query (BENCHMARKS.md #27).
  PGLITE_LOW_MEMORY: bool(true),
  SECRET_KEY: optionalString,
  JWT_SECRET: optionalString,
  ACCESS_TOKEN_LIFETIME: int(300, 1),
  REFRESH_TOKEN_LIFETIME: int(86400, 1),
  // simplejwt's default (false): a refresh token stays valid for its lifetime, as Django frontends expect.
  ROTATE_REFRESH_TOKENS: bool(false),
  PASSWORD_HASH_ITERATIONS: int(600_000, 1),
  // Node: a password hash expected to wait longer than this for a slot is a quick 503 with
  // Retry-After (sign-ins queue ahead of other hashes; none waits more than twice this).
  PASSWORD_HASH_MAX_WAIT_MS: int(1000, 1),
  CORS_ORIGINS: list,
  // Absolute links (pagination, the API root) start with PUBLIC_URL, else with the request's own
  // origin only when its host is allowed (Host is the client's to choose), else they are relative.
  PUBLIC_URL: publicUrl,
  ALLOWED_HOSTS: list.transform((hosts) =>
    hosts.length > 0 ? hosts.map((h) => h.toLowerCase()) : ["localhost", "127.0.0.1", "[::1]"],
  ),
  MAX_BODY_BYTES: int(1024 * 1024, 1),
  // Node only: a request (headers and body) must arrive within this, else 408.
  REQUEST_TIMEOUT_MS: int(30_000, 1),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  SUPERUSER_USERNAME: optionalString,
  SUPERUSER_EMAIL: optionalString,
  SUPERUSER_PASSWORD: optionalString,
  UPSTASH_REDIS_REST_URL: optionalString,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  TRUST_PROXY: optionalString,
  THROTTLE_ANON: rate("100/min"),
  THROTTLE_USER: rate("1000/min"),
  THROTTLE_AI: rate("10/min"),
  THROTTLE_LOGIN: rate("10/min"),
  THROTTLE_BULK: rate("60/hour"),
  /** Calendar feed fetches per feed (a subscribing app polls it; a leaked URL is polled too). */
  THROTTLE_CALENDAR: rate("60/hour"),
  THROTTLE_ENABLED: bool(true),
  GEMINI_BASE_URL: optionalString,
  OPENROUTER_BASE_URL: z.string().default("https://openrouter.ai/api/v1"),
  AI_TIMEOUT_MS: int(60_000, 1),
  AI_MAX_RETRIES: int(2, 0),
  AI_BREAKER_THRESHOLD: int(5, 1),
  AI_BREAKER_COOLDOWN_MS: int(30_000, 1),
  AI_MAX_OUTPUT_TOKENS: int(2048, 1),
  // A model's answer is data: longer than this (characters) it is a provider failure, and no
  // more of it is read; a generation ends after AI_TOTAL_TIMEOUT_MS however steadily it drips.
  AI_MAX_OUTPUT_CHARS: int(100_000, 1),
  AI_TOTAL_TIMEOUT_MS: int(120_000, 1),
  EXAMPLES_CACHE_SECONDS: int(300, 1),
  MODELS_CACHE_SECONDS: int(3600, 1),
  // Documents: earlier states kept per resume (oldest pruned), days a deleted resume stays in trash.
  RESUME_VERSIONS_KEEP: int(50, 1),
  TRASH_DAYS: int(30, 1),
  // Node: rendering and parsing of user documents (exports, the share page, JSON Resume import)
  // run on worker threads. A job's budget in ms, its wait included (past it: 503 + Retry-After),
  // the jobs that may wait for a thread (one more: 503 at once), and the threads (0: the cores,
  // at least 2, at most 4). Workers render in process under the platform's CPU limit.
  RENDER_TIMEOUT_MS: int(10_000, 1),
  RENDER_QUEUE_MAX: int(32, 0),
  RENDER_THREADS: int(0, 0),
  // Prometheus metrics on Node: GET /metrics with this bearer token, and/or an internal port.
  METRICS_TOKEN: optionalString,
  METRICS_PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        ctx.addIssue({ code: "custom", message: "must be a port number" });
        return z.NEVER;
      }
      return n;
    }),
  // Error tracking (Sentry): off unless SENTRY_DSN is set.
  SENTRY_DSN: optionalString,
  SENTRY_ENVIRONMENT: optionalString,
  SENTRY_RELEASE: optionalString,
  // Webhooks (issue 25): `http://` and private addresses allowed (development and tests only);
  // how often the Node server looks for due deliveries; an attempt's budget; the waits after
  // each failed attempt (seconds, one more attempt per entry: 7 attempts over about 17 hours);
  // the hours of nothing but failures after which an endpoint is turned off; days a finished
  // delivery stays in the log; the DNS-over-HTTPS resolver the Worker vets names with.
  WEBHOOK_ALLOW_PRIVATE: bool(false),
  WEBHOOK_POLL_MS: int(1000, 10),
  WEBHOOK_TIMEOUT_MS: int(10_000, 1),
  WEBHOOK_RETRY_SECONDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const raw = v === undefined || v.trim() === "" ? "5,300,1800,7200,18000,36000" : v;
      const waits = raw.split(",").map((s) => Number(s.trim()));
      if (waits.length > 20 || waits.some((n) => !Number.isInteger(n) || n < 0)) {
        ctx.addIssue({ code: "custom", message: "must be up to 20 whole numbers of seconds" });
        return z.NEVER;
      }
      return waits;
    }),
  WEBHOOK_DISABLE_AFTER_HOURS: int(72, 1),
  WEBHOOK_KEEP_DAYS: int(30, 1),
  WEBHOOK_DOH_URL: z.string().default("https://cloudflare-dns.com/dns-query"),
  // npm run db:backup (scripts only; the server never reads them).
  BACKUP_DIR: z.string().default("./backups"),
  BACKUP_KEEP: int(7, 1),
});

export type Config = z.output<typeof configSchema> & {
  /** SECRET_KEY or its alias JWT_SECRET, or a generated one in development. */
  secretKey: string;
  secretKeyGenerated: boolean;
  /** The raw source, so that AI keys named by `api_key_name` rows can be looked up. */
  secrets: Readonly<Record<string, string | undefined>>;
};

export class ConfigError extends Error {
  constructor(readonly keys: string[]) {
    super(`Invalid configuration: ${keys.join(", ")}`);
    this.name = "ConfigError";
  }
}

function randomSecret(): string {
  const bytes = new Uint8Array(48);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Parses settings; a bad value throws ConfigError naming the keys (never the values). */
export function parseConfig(source: Readonly<Record<string, string | undefined>>): Config {
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    const keys = [
      ...new Set(parsed.error.issues.map((i) => `${String(i.path[0])} (${i.message})`)),
    ];
    throw new ConfigError(keys);
  }
  const cfg = parsed.data;
  const given = cfg.SECRET_KEY ?? cfg.JWT_SECRET;
  if (cfg.NODE_ENV === "production") {
    if (!given) throw new ConfigError(["SECRET_KEY (required in production)"]);
    if (new TextEncoder().encode(given).length < 32) {
      throw new ConfigError(["SECRET_KEY (must be at least 32 bytes in production)"]);
    }
  }
  if (Boolean(cfg.UPSTASH_REDIS_REST_URL) !== Boolean(cfg.UPSTASH_REDIS_REST_TOKEN)) {
    throw new ConfigError([
      "UPSTASH_REDIS_REST_URL/UPSTASH_REDIS_REST_TOKEN (set both or neither)",
    ]);
  }
  return {
    ...cfg,
    secretKey: given ?? randomSecret(),
    secretKeyGenerated: !given,
    secrets: source,
  };
}
