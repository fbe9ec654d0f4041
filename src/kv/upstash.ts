import type { Redis } from "@upstash/redis/cloudflare";
import type { Kv } from "../core/kv";
import type { Logger } from "../core/logger";

/**
 * The Kv port on Upstash's REST protocol (Upstash itself, serverless-redis-http, or
 * scripts/upstash-bridge.ts). The client is built by the entry and passed in (see
 * `UPSTASH_CLIENT_OPTIONS`); only plain Redis commands are used, so a self-hosted Redis behind a
 * REST proxy behaves exactly like Upstash (no Upstash-only Lua shebangs).
 */

/** Timeout per REST call: a hung store must degrade the cache quickly, not stall requests. */
export const UPSTASH_TIMEOUT_MS = 1500;

/** Options for `new Redis({url, token, ...UPSTASH_CLIENT_OPTIONS})` in the entries. */
export const UPSTASH_CLIENT_OPTIONS = {
  // Values are opaque strings to us; the SDK would JSON.parse "123" or "{...}" otherwise.
  automaticDeserialization: false,
  // Batching across callers would resolve one Workers request's promise from another's I/O.
  enableAutoPipelining: false,
  enableTelemetry: false,
  readYourWrites: false,
  // One quick retry instead of five with exponential backoff (seconds when the store is down).
  retry: { retries: 1, backoff: () => 50 },
  signal: () => AbortSignal.timeout(UPSTASH_TIMEOUT_MS),
} as const;

/** The subset of the SDK this adapter calls (both the Node and Cloudflare builds satisfy it). */
export type UpstashClient = Pick<
  Redis,
  "get" | "set" | "del" | "multi" | "ping" | "pexpire" | "lrange"
>;

/** After a failed call the store is skipped this long, doubling while it stays down. */
export const KV_BREAKER_BASE_MS = 1000;
export const KV_BREAKER_MAX_MS = 16_000;

/** Thrown at once, without a call, while the store is being skipped after a failure. */
export class KvUnavailableError extends Error {
  constructor(op: string, cause: string) {
    super(`kv store unavailable (${op} skipped after: ${cause})`);
    this.name = "KvUnavailableError";
  }
}

/**
 * The store's own short breaker, shared by everything that uses this kv (cache, read pins,
 * throttle, AI keys): after a failure, calls fail at once for a cooldown instead of each waiting
 * for its own timeout, so a down or hung store costs one timeout per incident, not one per
 * request. Once the cooldown is over, a ping probes the store in the background (the caller is
 * not kept waiting); its success closes the breaker. `ping()` itself always reaches the store
 * (it is /ready's check). The incident is logged once, and the recovery once.
 */
function storeBreaker(
  logger: Logger | undefined,
  now: () => number,
  probe: () => Promise<unknown>,
) {
  let failing = false;
  let cause = "";
  let cooldown = KV_BREAKER_BASE_MS;
  let openUntil = 0;
  let probing = false;
  const recovered = () => {
    if (!failing) return;
    failing = false;
    cooldown = KV_BREAKER_BASE_MS;
    logger?.info("kv store recovered", { store: "upstash" });
  };
  const failed = (op: string, err: unknown) => {
    cause = err instanceof Error ? err.message : String(err);
    if (failing) cooldown = Math.min(cooldown * 2, KV_BREAKER_MAX_MS);
    openUntil = now() + cooldown;
    if (failing) return;
    failing = true;
    logger?.error("kv store unavailable", {
      store: "upstash",
      op,
      error: err instanceof Error ? err.name : typeof err,
    });
  };
  const probeLater = () => {
    if (probing || now() < openUntil) return;
    probing = true;
    probe()
      .then(recovered, (err: unknown) => failed("ping", err))
      .finally(() => {
        probing = false;
      });
  };
  return async <T>(op: string, fn: () => Promise<T>, always = false): Promise<T> => {
    if (failing && !always) {
      probeLater();
      throw new KvUnavailableError(op, cause);
    }
    try {
      const result = await fn();
      recovered();
      return result;
    } catch (err) {
      failed(op, err);
      throw err;
    }
  };
}

/** Tolerates a client built with automatic deserialization (it would hand back parsed JSON). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function createUpstashKv(
  client: UpstashClient,
  opts: { logger?: Logger; now?: () => number } = {},
): Kv {
  const guard = storeBreaker(opts.logger, opts.now ?? Date.now, () => client.ping());
  return {
    get: (key) => guard("get", async () => asText(await client.get<unknown>(key))),
    set: (key, value, ttlSeconds) =>
      guard("set", async () => {
        if (ttlSeconds) await client.set(key, value, { ex: ttlSeconds });
        else await client.set(key, value);
      }),
    del: (...keys) =>
      guard("del", async () => {
        if (keys.length > 0) await client.del(...keys);
      }),
    setNx: (key, value, ttlSeconds) =>
      guard("setNx", async () => {
        // SET key value NX EX: "OK" when set, null when the key already exists.
        const answer = await client.set(key, value, { nx: true, ex: ttlSeconds });
        return answer !== null;
      }),
    incr: (key, ttlSeconds) =>
      guard("incr", async () => {
        const ttlMs = ttlSeconds * 1000;
        // One MULTI/EXEC round trip: create the key with its expiry only if absent (so the
        // window starts at the first hit), then count. Plain Redis and Upstash both accept it.
        const [, value, pttl] = await client
          .multi()
          .set(key, "0", { nx: true, px: ttlMs })
          .incr(key)
          .pttl(key)
          .exec<[unknown, number, number]>();
        // A counter without expiry (written by something else) would throttle forever: repair it.
        if (pttl < 0) await client.pexpire(key, ttlMs);
        return { value: Number(value), ttlMs: pttl > 0 ? pttl : ttlMs };
      }),
    append: (key, values, ttlSeconds) =>
      guard("append", async () => {
        if (values.length === 0) return;
        // RPUSH and EXPIRE in one MULTI/EXEC: the batch and its expiry land together.
        await client
          .multi()
          .rpush(key, ...values)
          .expire(key, ttlSeconds)
          .exec();
      }),
    range: (key, start) =>
      guard("range", async () => {
        const values = await client.lrange<unknown>(key, Math.max(0, start), -1);
        return values.map((v) => asText(v) ?? "");
      }),
    ping: () =>
      guard(
        "ping",
        async () => {
          await client.ping();
        },
        true,
      ),
  };
}
