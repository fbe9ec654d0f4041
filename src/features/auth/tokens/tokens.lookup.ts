import type { Config } from "../../../config";
import type { LoadPersonalToken } from "../../../core/auth";
import { BoundedCache } from "../../../core/lru";
import { hashPersonalToken, isWellFormedPersonalToken } from "../../../core/personal-tokens";
import type { TokenScope } from "../../../core/scope-names";
import { timestampFromMicros } from "../../../core/timestamps";
import type { Deps } from "../../../deps";
import { type CachedToken, cachedToken, fillToken } from "./tokens.cache";
import { findTokenByHash, touchToken } from "./tokens.queries";

const MINUTE_MS = 60_000;

/**
 * The minute each token's `last_used_at` was last written from this process (isolate), per
 * configuration as the JWT cache is: a warm request writes nothing, the first of a new minute
 * claims that minute in the store (SET NX, so one write per minute across instances) and
 * writes the row after the response.
 */
const touched = new WeakMap<Config, BoundedCache<number>>();
function touchedMinutes(config: Config) {
  let cache = touched.get(config);
  if (!cache) {
    cache = new BoundedCache<number>(10_000);
    touched.set(config, cache);
  }
  return cache;
}

function noteUse(deps: Deps, id: number) {
  const now = deps.clock.now();
  const minute = now - (now % MINUTE_MS);
  const seen = touchedMinutes(deps.config);
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

async function readToken(deps: Deps, hash: string): Promise<CachedToken | undefined> {
  const row = await findTokenByHash(deps.database.db, hash);
  if (!row) return undefined;
  const entry: CachedToken = {
    id: row.id,
    userId: row.userId,
    scopes: row.scopes as TokenScope[],
    exp: row.expiresAt === null ? null : Date.parse(row.expiresAt),
  };
  await fillToken(deps, hash, entry);
  return entry;
}

/**
 * The core's `LoadPersonalToken`: a malformed token (bad checksum) is refused without a lookup;
 * then the store's cache, else the row. Expiry is checked on every request against the clock.
 */
export const loadPersonalToken: LoadPersonalToken<Deps> = async (deps, token) => {
  if (!isWellFormedPersonalToken(token)) return null;
  const hash = await hashPersonalToken(token);
  const cached = await cachedToken(deps, hash);
  if (cached === "revoked") return null;
  const entry = cached ?? (await readToken(deps, hash));
  if (!entry) return null;
  if (entry.exp !== null && entry.exp <= deps.clock.now()) return null;
  noteUse(deps, entry.id);
  return { id: entry.id, userId: entry.userId, scopes: entry.scopes };
};
