import type postgres from "postgres";

/** Driver and socket codes that say the server (or the way to it) failed, not the query. */
const FAULT_CODES = new Set([
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CLIENT_TIMEOUT",
  // query_canceled: statement_timeout on a replica means the replica is stuck (the primary retry
  // has the same budget, so a query that is slow everywhere still fails, once).
  "57014",
  // admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped, idle_session_timeout
  "57P01",
  "57P02",
  "57P03",
  "57P04",
  "57P05",
  // serialization_failure: on a hot standby, "conflict with recovery".
  "40001",
]);

/**
 * SQLSTATE classes that are the server's state: 08 connection exception, 53 insufficient
 * resources (too many connections), 58 system error. Classes 22, 23, 42 (bad data, constraint,
 * syntax/undefined) are the query's fault and fail the same on the primary, so they are not here.
 */
const FAULT_CLASSES = new Set(["08", "53", "58"]);

/** True when `err` (or an error it wraps) is the replica's fault, so the primary may answer. */
export function isReplicaFault(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (FAULT_CODES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code)) return FAULT_CLASSES.has(code.slice(0, 2));
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A query that outlived its bound on the client's clock (a hung server sends no timeout). */
export class ClientTimeoutError extends Error {
  readonly code = "CLIENT_TIMEOUT";
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "ClientTimeoutError";
  }
}

export interface FailoverOptions {
  /** Client-side bound on a replica query (0 = none): a stopped server sends no timeout. */
  timeoutMs: number;
  /** The replica failed for its own sake; the query is retried once on the primary. */
  onFault(err: unknown): void;
}

type Mode = "rows" | "values" | "raw";

/**
 * A replica's client whose `unsafe` (every query drizzle sends) falls back to the primary when the
 * replica, not the query, failed. Drizzle awaits `unsafe(...)` or `unsafe(...).values()`.
 */
export function failoverClient(
  replica: postgres.Sql,
  primary: postgres.Sql,
  opts: FailoverOptions,
): postgres.Sql {
  return new Proxy(replica, {
    get(target, prop) {
      if (prop === "unsafe") {
        return (text: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => {
          const send = (sql: postgres.Sql, mode: Mode) => {
            const q = sql.unsafe(text, params as never, options);
            return mode === "values" ? q.values() : mode === "raw" ? q.raw() : q;
          };
          return failoverQuery(async (mode) => {
            try {
              return await withTimeout(send(target, mode), opts.timeoutMs);
            } catch (err) {
              if (!isReplicaFault(err)) throw err;
              opts.onFault(err);
              return await send(primary, mode);
            }
          });
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * What `unsafe` returns: a promise with postgres.js' `values()`/`raw()`, which drizzle calls at
 * once (before awaiting), so the query starts a microtask later, in the row format chosen.
 */
function failoverQuery(run: (mode: Mode) => Promise<unknown>) {
  let mode: Mode = "rows";
  const query = Promise.resolve().then(() => run(mode));
  return Object.assign(query, {
    values() {
      mode = "values";
      return query;
    },
    raw() {
      mode = "raw";
      return query;
    },
  });
}

/** `p`, or a ClientTimeoutError after `ms` (the abandoned query settles unobserved); 0 = `p`. */
export function withTimeout<T>(p: PromiseLike<T>, ms: number): Promise<T> {
  if (!(ms > 0 && Number.isFinite(ms))) return Promise.resolve(p);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClientTimeoutError(ms)), ms);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}
