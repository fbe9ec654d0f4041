import { BoundedCache } from "../../../core/lru";
import type { TokenScope } from "../../../core/scope-names";
import type { Database } from "../../../db/client";

/**
 * The token lookup's cache on the embedded database only (BENCHMARKS.md #28). PGlite belongs to
 * one process, so a cache in that process is coherent: a revocation (which runs in the same
 * process) drops its entries before it answers. There, a hit costs the JWT path's user read and
 * nothing more, where the joined read costs PGlite a join per request. Over PostgreSQL there may
 * be many instances: no cache, the row is read on each request in the one statement that loads
 * the user (what a JWT request spends on its user).
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
  /** Bumped by every revocation: a read that started before one does not fill the cache. */
  generation: number;
}

const CACHED_TOKENS = 10_000;
const caches = new WeakMap<Database, Cache>();

function cacheOf(database: Database): Cache | undefined {
  if (database.driver !== "pglite") return undefined;
  let cache = caches.get(database);
  if (!cache) {
    cache = { entries: new BoundedCache<CachedGrant>(CACHED_TOKENS), generation: 0 };
    caches.set(database, cache);
  }
  return cache;
}

export const cachedGrant = (database: Database, hash: string, nowMs: number) =>
  cacheOf(database)?.entries.get(hash, nowMs);

/** A fill that `read` may make, unless a revocation happened while it ran. */
export async function fillAfter<T extends CachedGrant | undefined>(
  database: Database,
  hash: string,
  read: () => Promise<T>,
): Promise<T> {
  const cache = cacheOf(database);
  const before = cache?.generation;
  const grant = await read();
  if (cache && grant && cache.generation === before) {
    cache.entries.set(hash, grant, grant.exp ?? Number.POSITIVE_INFINITY);
  }
  return grant;
}

/** Drops the tokens' entries (after their rows are gone). */
export function forgetTokens(database: Database, hashes: readonly string[]): void {
  const cache = cacheOf(database);
  if (!cache) return;
  cache.generation++;
  for (const hash of hashes) cache.entries.delete(hash);
}
