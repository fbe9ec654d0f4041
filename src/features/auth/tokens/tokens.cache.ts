import { BoundedCache } from "../../../core/lru";
import type { TokenScope } from "../../../core/scope-names";
import type { Database } from "../../../db/client";
import { REVOKED_CHANNEL } from "./tokens.queries";

/**
 * The token lookup's cache, per process and database, where it can be kept coherent
 * (BENCHMARKS.md #28): a hit costs the JWT path's user read (by id, the same prepared statement)
 * and nothing more.
 * - PGlite belongs to one process: a revocation (which runs in it) drops its entries before it
 *   answers.
 * - PostgreSQL with `notifications` (Node): every statement that deletes tokens also sends their
 *   hashes with `pg_notify` (delivered at its commit, to every instance); the revoking process
 *   also drops them before it answers. The cache is on only while LISTEN is confirmed: when the
 *   listening connection drops it is emptied (notifications may be missed) and stays off until
 *   LISTEN is back.
 * - Without notifications (Workers): no cache; the token and its user are read in one statement.
 */
export interface CachedGrant {
  id: number;
  userId: number;
  scopes: TokenScope[];
  /** Expiry in ms since the epoch; null: never. */
  exp: number | null;
}

interface Cache {
  entries: BoundedCache<CachedGrant>;
  /** Hits and fills only while true (always on PGlite; while LISTEN is confirmed on PostgreSQL). */
  live: boolean;
  /**
   * Bumped by every revocation (local or notified) and every change of `live`: a read that
   * started before one does not fill the cache.
   */
  generation: number;
}

const CACHED_TOKENS = 10_000;
const caches = new WeakMap<Database, Cache | null>();

function forget(cache: Cache, hashes: readonly string[]) {
  cache.generation++;
  for (const hash of hashes) cache.entries.delete(hash);
}

function createCache(database: Database): Cache | null {
  const entries = new BoundedCache<CachedGrant>(CACHED_TOKENS);
  if (database.driver === "pglite") return { entries, live: true, generation: 0 };
  if (!database.notifications) return null;
  const cache: Cache = { entries, live: false, generation: 0 };
  database.notifications.listen(REVOKED_CHANNEL, {
    notify: (hash) => forget(cache, [hash]),
    live(up) {
      cache.generation++;
      cache.entries.clear();
      cache.live = up;
    },
  });
  return cache;
}

function cacheOf(database: Database): Cache | null {
  let cache = caches.get(database);
  if (cache === undefined) {
    cache = createCache(database);
    caches.set(database, cache);
  }
  return cache;
}

export function cachedGrant(database: Database, hash: string, nowMs: number) {
  const cache = cacheOf(database);
  return cache?.live ? cache.entries.get(hash, nowMs) : undefined;
}

/** A fill that `read` may make, unless a revocation (or a change of `live`) happened while it ran. */
export async function fillAfter<T extends CachedGrant | undefined>(
  database: Database,
  hash: string,
  read: () => Promise<T>,
): Promise<T> {
  const cache = cacheOf(database);
  const before = cache?.live ? cache.generation : undefined;
  const grant = await read();
  if (cache && grant && cache.generation === before) {
    cache.entries.set(hash, grant, grant.exp ?? Number.POSITIVE_INFINITY);
  }
  return grant;
}

/** Drops the tokens' entries here (after their rows are gone; other instances are notified). */
export function forgetTokens(database: Database, hashes: readonly string[]): void {
  const cache = cacheOf(database);
  if (cache) forget(cache, hashes);
}
