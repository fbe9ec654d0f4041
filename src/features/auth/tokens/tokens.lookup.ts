import type { Config } from "../../../config";
import type { LoadPersonalToken } from "../../../core/auth";
import { BoundedCache } from "../../../core/lru";
import { hashPersonalToken, isWellFormedPersonalToken } from "../../../core/personal-tokens";
import type { TokenScope } from "../../../core/scope-names";
import { timestampFromMicros } from "../../../core/timestamps";
import type { AuthUser } from "../../../core/types";
import type { Deps } from "../../../deps";
import { loadActiveUser } from "../active-user";
import { cachedGrant, fillAfter } from "./tokens.cache";
import { findTokenWithUser, touchToken } from "./tokens.queries";

const MINUTE_MS = 60_000;

/**
 * The minute each token's `last_used_at` was last written from this process (isolate), per
 * configuration as the JWT cache is: a warm request writes nothing, the first of a new minute
 * claims that minute in the store (SET NX, so one write per minute across instances) and
 * writes the row after the response.
 */
const touched = new WeakMap<Config, BoundedCache<number>>();
/**
 * Token -> its SHA-256, per process: a pure function, so nothing here can outlive a revocation
 * (the row decides that, read on every request); it spares the WebCrypto digest, a thread-pool round trip
 * that made a token request slower than a JWT one (BENCHMARKS.md #28).
 */
const hashes = new WeakMap<Config, BoundedCache<string>>();
const CACHED_HASHES = 10_000;

function perConfig<V>(map: WeakMap<Config, BoundedCache<V>>, config: Config) {
  let cache = map.get(config);
  if (!cache) {
    cache = new BoundedCache<V>(CACHED_HASHES);
    map.set(config, cache);
  }
  return cache;
}

/**
 * The token's hash: from the cache without a promise (a hit is the warm path), else checked
 * (format and checksum: a malformed token is refused without a digest or a lookup) and digested.
 * Only well-formed tokens enter the cache, so a hit needs no check.
 */
function tokenHash(config: Config, token: string, nowMs: number): string | Promise<string | null> {
  const cache = perConfig(hashes, config);
  const hit = cache.get(token, nowMs);
  if (hit !== undefined) return hit;
  if (!isWellFormedPersonalToken(token)) return Promise.resolve(null);
  return hashPersonalToken(token).then((hash) => {
    cache.set(token, hash, Number.POSITIVE_INFINITY);
    return hash;
  });
}

function noteUse(deps: Deps, id: number) {
  const now = deps.clock.now();
  const minute = now - (now % MINUTE_MS);
  const seen = perConfig(touched, deps.config);
  if ((seen.get(String(id), now) ?? -1) >= minute) return;
  seen.set(String(id), minute, minute + MINUTE_MS);
  deps.waitUntil(
    (async () => {
      if (!(await deps.kv.setNx(`pat-used:${id}:${minute}`, "1", 120))) return;
      await touchToken(deps.database.db, id, timestampFromMicros(minute * 1000));
    })().catch((err: unknown) => {
      deps.logger.warn("personal token last_used_at not written", {
        error: err instanceof Error ? err.name : typeof err,
      });
    }),
  );
}

type Found = Awaited<ReturnType<LoadPersonalToken<Deps>>>;

/** The joined read of the token and its user (no cache, or a miss). */
async function readToken(deps: Deps, hash: string, now: number): Promise<Found> {
  let user: AuthUser | "inactive" | undefined;
  const grant = await fillAfter(deps.database, hash, async () => {
    const row = await findTokenWithUser(deps.database.db, hash);
    if (!row) return undefined;
    const { isActive, ...fields } = row.user;
    user = isActive ? fields : "inactive";
    const exp = row.expiresAt === null ? null : Date.parse(row.expiresAt);
    return { id: row.id, userId: fields.id, scopes: row.scopes as TokenScope[], exp };
  });
  if (!grant || !user || (grant.exp !== null && grant.exp <= now)) return null;
  return { id: grant.id, scopes: grant.scopes, user };
}

/**
 * The core's `LoadPersonalToken`: a malformed token (bad checksum) is refused without a lookup;
 * then the cached lookup (tokens.cache.ts) and the user's row (as a JWT loads it), else one
 * statement that reads the token with its user. Expiry is checked on every request against the
 * clock.
 */
export const loadPersonalToken: LoadPersonalToken<Deps> = async (deps, token) => {
  const now = deps.clock.now();
  const known = tokenHash(deps.config, token, now);
  const hash = typeof known === "string" ? known : await known;
  if (hash === null) return null;
  const cached = cachedGrant(deps.database, hash, now);
  let found: Found;
  if (cached) {
    const user = await loadActiveUser(deps.database.db, cached.userId);
    found = user === "missing" ? null : { id: cached.id, scopes: cached.scopes, user };
  } else {
    found = await readToken(deps, hash, now);
  }
  if (found) noteUse(deps, found.id);
  return found;
};
