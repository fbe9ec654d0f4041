import type { TokenScope } from "../../../core/scope-names";
import type { Deps } from "../../../deps";

/**
 * The token lookup's cache in the shared store (kv), so every instance sees a revocation at
 * once: a revocation overwrites the entry with a tombstone, and a lookup fills an entry only
 * where none is (SET NX), so a lookup that read the row just before the revocation cannot
 * put the token back. Entries live CACHE_SECONDS; tombstones as long, then the row is gone.
 */
export const CACHE_SECONDS = 300;
const REVOKED = "revoked";

export interface CachedToken {
  id: number;
  userId: number;
  scopes: TokenScope[];
  /** Expiry in ms since the epoch; null: never. */
  exp: number | null;
}

const cacheKey = (hash: string) => `pat:${hash}`;

/** The cached entry, "revoked", or undefined on a miss (or when the store cannot answer). */
export async function cachedToken(
  deps: Pick<Deps, "kv">,
  hash: string,
): Promise<CachedToken | "revoked" | undefined> {
  let raw: string | null;
  try {
    raw = await deps.kv.get(cacheKey(hash));
  } catch {
    return undefined; // The store is down: the database answers (the store logs the incident).
  }
  if (raw === null) return undefined;
  if (raw === REVOKED) return REVOKED;
  return JSON.parse(raw) as CachedToken;
}

export async function fillToken(deps: Pick<Deps, "kv">, hash: string, entry: CachedToken) {
  try {
    await deps.kv.setNx(cacheKey(hash), JSON.stringify(entry), CACHE_SECONDS);
  } catch {
    // Not cached: the next request reads the row again.
  }
}

/** Tombstones the tokens' entries; logged (never thrown) when the store is down. */
export async function forgetTokens(deps: Pick<Deps, "kv" | "logger">, hashes: readonly string[]) {
  try {
    await Promise.all(hashes.map((h) => deps.kv.set(cacheKey(h), REVOKED, CACHE_SECONDS)));
  } catch {
    deps.logger.error("personal token cache not invalidated", { tokens: hashes.length });
  }
}
