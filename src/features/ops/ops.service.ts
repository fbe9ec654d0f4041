import type { Logger } from "../../core/logger";
import type { Deps } from "../../deps";
import type { AnyRoute } from "../../route";

/**
 * What the ops routes know of the whole API: every route (for the `/api/` index) and the
 * OpenAPI document built from them. The app's feature list supplies it, so no feature imports
 * the list it is part of.
 */
export interface ApiCatalog {
  /** Every route, the lazily mounted ones loaded. */
  routes(): Promise<readonly AnyRoute[]>;
  document(): Promise<Record<string, unknown>>;
}

/**
 * Probes the primary (and the cache, when one is configured) at once: they decide whether this
 * instance can serve. The replicas are reported as the background probes last saw them.
 */
export async function readiness(deps: Deps, logger: Logger) {
  const checks: Record<string, "ok" | "error"> = {};
  const probe = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      checks[name] = "ok";
    } catch (err) {
      checks[name] = "error";
      logger.warn("readiness check failed", { check: name, error: (err as Error).name });
    }
  };
  await Promise.all([
    probe("database", () => deps.database.ping()),
    deps.config.UPSTASH_REDIS_REST_URL ? probe("cache", () => deps.kv.ping()) : Promise.resolve(),
  ]);
  const replicas = deps.database.replicas?.counts();
  return { ok: Object.values(checks).every((v) => v === "ok"), checks, replicas };
}

/** DRF's API root: the routes that name an index entry, as absolute URLs (computed once). */
export function apiIndex(routes: readonly AnyRoute[]): (origin: string) => Record<string, string> {
  const entries = routes.flatMap((r) => (r.index ? [[r.index.name, r.index.path ?? r.path]] : []));
  return (origin) => Object.fromEntries(entries.map(([name, path]) => [name, `${origin}${path}`]));
}
