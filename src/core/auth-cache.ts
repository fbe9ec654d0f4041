import { nowSeconds } from "./clock";
import { BoundedCache } from "./lru";
import { verifyToken } from "./tokens";
import type { CoreDeps } from "./types";

/**
 * Verified access tokens → user id, per process (isolate) and per configuration (so per secret
 * key). Verifying HS256 through jose costs a key import and a WebCrypto HMAC on the threadpool
 * (shared with password hashing) on every signed-in request; a token's signature, type and user
 * id never change, so a hit only re-checks expiry on `deps.clock`, as jose would. Failures are
 * never cached. Bounded: at most TOKEN_CACHE_SIZE tokens (~300 bytes each).
 */
export const TOKEN_CACHE_SIZE = 10_000;

const tokenCaches = new WeakMap<CoreDeps["config"], BoundedCache<number>>();

function tokenCache(config: CoreDeps["config"]): BoundedCache<number> {
  let cache = tokenCaches.get(config);
  if (!cache) {
    cache = new BoundedCache<number>(TOKEN_CACHE_SIZE);
    tokenCaches.set(config, cache);
  }
  return cache;
}

/** The user id of a valid access token; throws TokenError exactly as `verifyToken` does. */
export async function verifyAccessToken(
  deps: Pick<CoreDeps, "config" | "clock">,
  token: string,
): Promise<number> {
  const cache = tokenCache(deps.config);
  // jose refuses a token once now >= exp (seconds): the entry expires at exp * 1000 ms.
  const nowMs = nowSeconds(deps.clock) * 1000;
  const hit = cache.get(token, nowMs);
  if (hit !== undefined) return hit;
  const claims = await verifyToken(deps.config.secretKey, token, "access", nowMs / 1000);
  cache.set(token, claims.user_id, claims.exp * 1000);
  return claims.user_id;
}
