import type { Result, Router } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";

/** Distinct (method, path) answers kept; past it the cache starts over (bounded memory). */
export const ROUTE_CACHE_SIZE = 512;

const noParams = <T>(result: Result<T>): boolean => {
  if (result.length !== 1) return false;
  for (const [, params] of result[0]) for (const _ in params) return false;
  return true;
};

/** The handlers up to the first one that always answers: the ones after it never run. */
function upToLast<T>(result: Result<T>, ends: (entry: T) => boolean): Result<T> {
  const list = result[0];
  const last = list.findIndex(([entry]) => ends(entry));
  if (last < 0 || last === list.length - 1) return result;
  return (result.length === 1
    ? [list.slice(0, last + 1)]
    : [list.slice(0, last + 1), result[1]]) as unknown as Result<T>;
}

/**
 * Hono's trie router with the answers of parameter-free matches kept per method and path: a
 * cached read (`GET /api/ai/models/`) or `/health` skips splitting the path and walking the
 * trie (about 5% of a cached GET's CPU, BENCHMARKS.md #32). A match with path parameters
 * (`/api/resumes/12`) is looked up each time, so ids never fill the cache; unknown paths may, and
 * a full cache is emptied and refilled, never grown. Routes are all added before the first
 * request (Hono builds the app once), and a kept answer is only read (its params are empty).
 *
 * `ends` names handlers that always answer (the app's route chains): a match is cut after the
 * first, so a request that reaches one handler is dispatched without Hono's compose.
 */
export class CachedRouter<T> implements Router<T> {
  readonly name = "CachedTrieRouter";
  private readonly inner = new TrieRouter<T>();
  /** Per method, per path: no key joined (and hashed anew) per request. */
  private readonly cache = new Map<string, Map<string, Result<T>>>();
  private kept = 0;

  constructor(private readonly ends: (entry: T) => boolean = () => false) {}

  add(method: string, path: string, handler: T): void {
    this.clear();
    this.inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const byPath = this.cache.get(method);
    const kept = byPath?.get(path);
    if (kept) return kept;
    const result = upToLast(this.inner.match(method, path), this.ends);
    if (noParams(result)) {
      if (this.kept >= ROUTE_CACHE_SIZE) this.clear();
      let paths = this.cache.get(method);
      if (!paths) {
        paths = new Map();
        this.cache.set(method, paths);
      }
      paths.set(path, result);
      this.kept++;
    }
    return result;
  }

  private clear(): void {
    this.cache.clear();
    this.kept = 0;
  }
}
