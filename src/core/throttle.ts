import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { Config } from "../config";
import { ApiError, aiUnavailable, throttled } from "./errors";
import { wellFormed } from "./fields";
import { countSecurely, noteOutage, noteStoreUp, type OutageMode } from "./security-counter";
import type { CoreEnv } from "./types";
import { readBody } from "./validate";

/**
 * DRF-style throttling (scopes, `N/period` rates, 429 + Retry-After) over `kv.incr`.
 *
 * Fixed windows that start at a client's first request (the counter's expiry is set by the
 * increment that creates it), rather than a sliding approximation, because: one atomic INCR
 * round trip per scope works the same on Upstash, plain Redis behind a REST proxy and the
 * in-process twin; requests refused while over the limit do not push the penalty into the next
 * window (DRF also does not record refused requests); and Retry-After / X-RateLimit-Reset are
 * exact (the counter's remaining TTL). The cost is that a client can spend up to 2N around a
 * window boundary, acceptable for abuse limits.
 */

type Rate = Config["THROTTLE_ANON"];

export interface ThrottleScope {
  name: string;
  rate(config: Config): Rate;
  /** Whom to count (prefixed, e.g. `ip:1.2.3.4`), or null when the scope does not apply. */
  ident(c: Context<CoreEnv>): string | null | Promise<string | null>;
  /**
   * When the store fails: "open" (the default) lets the request through, "closed" refuses it
   * (503), "local" counts it in this process (the limits that guard passwords never fail open).
   */
  outage?: OutageMode;
}

const ipIdent = (c: Context<CoreEnv>) => `ip:${c.get("clientIp")}`;
/** How a user is keyed in a scope (for `spend`). */
export const userKey = (id: number) => `user:${id}`;
const userIdent = (c: Context<CoreEnv>) => {
  const user = c.get("user");
  return user ? userKey(user.id) : undefined;
};

export const anonScope: ThrottleScope = {
  name: "anon",
  rate: (cfg) => cfg.THROTTLE_ANON,
  ident: (c) => (c.get("user") ? null : ipIdent(c)),
};

export const userScope: ThrottleScope = {
  name: "user",
  rate: (cfg) => cfg.THROTTLE_USER,
  ident: (c) => userIdent(c) ?? null,
};

/** AI generation costs money: per user, or per IP for anonymous callers; refused when unsure. */
export const aiScope: ThrottleScope = {
  name: "ai",
  rate: (cfg) => cfg.THROTTLE_AI,
  ident: (c) => userIdent(c) ?? ipIdent(c),
  outage: "closed",
};

/**
 * The AI budget (the same counter) for a request that calls a model only when its body names one
 * (posting intake's optional `model`): counted whenever it does. The body is read as the route
 * reads it (shared, read once); an unreadable one is not counted (the route refuses it).
 */
export const aiWithModelScope: ThrottleScope = {
  ...aiScope,
  ident: async (c) => {
    const body = await readBody(c).catch(() => null);
    const named = typeof body === "object" && body !== null && "model" in body;
    return named && body.model !== undefined && body.model !== null ? aiScope.ident(c) : null;
  },
};

export const loginIpScope: ThrottleScope = {
  name: "login",
  rate: (cfg) => cfg.THROTTLE_LOGIN,
  ident: ipIdent,
  outage: "local",
};

/**
 * Password guessing spread over many IPs still hits one username's counter. The body is parsed
 * by the route's own reader (JSON or form-encoded; the text is read once and shared), and the
 * username keyed as the route's field reads it (a JSON number is its digits), so no encoding or
 * type of one name escapes its counter. Values the route refuses (lists, objects, booleans)
 * share one counter rather than none; an unreadable body is refused before any password check.
 */
export const loginUsernameScope: ThrottleScope = {
  name: "login_username",
  rate: (cfg) => cfg.THROTTLE_LOGIN,
  ident: async (c) => usernameIdent(await readBody(c).catch(() => null)),
  outage: "local",
};

function usernameIdent(body: unknown): string | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return null;
  const raw = (body as Record<string, unknown>).username;
  if (raw === undefined || raw === null) return null;
  if (typeof raw === "number" && Number.isFinite(raw)) return usernameKey(String(raw));
  if (typeof raw !== "string") return "username-invalid";
  return raw.trim() === "" ? null : usernameKey(raw);
}

// wellFormed: encodeURIComponent throws on a lone surrogate (the route answers those 400).
const usernameKey = (name: string) =>
  `username:${encodeURIComponent(wellFormed(name.trim().toLowerCase().slice(0, 150)))}`;

/**
 * Checks of a signed-in user's password (password change, account deletion) at the login rate,
 * one budget for both: a stolen access token gets no more guesses than a login would.
 */
export const passwordScope: ThrottleScope = {
  name: "password",
  rate: (cfg) => cfg.THROTTLE_LOGIN,
  ident: (c) => userIdent(c) ?? null,
  outage: "local",
};

interface Verdict {
  scope: string;
  limit: number;
  remaining: number;
  resetSeconds: number;
  allowed: boolean;
}

async function check(c: Context<CoreEnv>, scope: ThrottleScope): Promise<Verdict | null> {
  const ident = await scope.ident(c);
  return ident === null ? null : count(c, scope, ident);
}

async function count<E extends CoreEnv>(
  c: Context<E>,
  scope: ThrottleScope,
  ident: string,
): Promise<Verdict> {
  const { limit, windowSeconds } = scope.rate(c.env.deps.config);
  const key = `throttle:${scope.name}:${ident}`;
  const { value, ttlMs } =
    scope.outage === "local"
      ? await countSecurely(c, key, windowSeconds)
      : await c.env.deps.kv.incr(key, windowSeconds).then((counted) => {
          noteStoreUp(c);
          return counted;
        });
  return {
    scope: scope.name,
    limit,
    remaining: Math.max(0, limit - value),
    resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    allowed: value <= limit,
  };
}

function refuse<E extends CoreEnv>(c: Context<E>, verdicts: Verdict[], shown: Verdict): never {
  const metrics = c.env.deps.metrics;
  if (metrics) for (const v of verdicts) if (!v.allowed) metrics.throttled(v.scope);
  const err = throttled(shown.resetSeconds);
  throw new ApiError(429, err.body, { ...err.headers, ...rateHeaders(shown) });
}

/**
 * Counts one request in `scope` from a handler, for work only the handler knows it will do
 * (a protected share link is hashed only once its body is valid); 429 over the rate.
 */
export async function spend<E extends CoreEnv>(c: Context<E>, scope: ThrottleScope, ident: string) {
  if (!c.env.deps.config.THROTTLE_ENABLED) return;
  const verdict = await count(c, scope, ident);
  if (!verdict.allowed) refuse(c, [verdict], verdict);
}

/** The headers a throttle puts on answers (Retry-After on a refusal), which CORS exposes. */
export const THROTTLE_HEADERS = [
  "Retry-After",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
] as const;

function rateHeaders(v: Verdict): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(v.limit),
    "X-RateLimit-Remaining": String(v.remaining),
    "X-RateLimit-Reset": String(v.resetSeconds),
  };
}

/** The verdict a client should see: a refusal first, else the one with the least room left. */
function tightest(verdicts: Verdict[]): Verdict | undefined {
  const denied = verdicts.filter((v) => !v.allowed);
  const pool = denied.length > 0 ? denied : verdicts;
  return pool.reduce<Verdict | undefined>((worst, v) => {
    if (!worst) return v;
    if (denied.length > 0) return v.resetSeconds > worst.resetSeconds ? v : worst;
    return v.remaining < worst.remaining ? v : worst;
  }, undefined);
}

/** Counts the request in each applicable scope; 429 over a rate, headers on every answer. */
export function throttle(
  scopes: ThrottleScope[],
  opts: { methods?: string[] } = {},
): MiddlewareHandler<CoreEnv> {
  const limit = createMiddleware<CoreEnv>(async (c, next) => {
    const results = await Promise.allSettled(scopes.map((s) => check(c, s)));
    const verdicts: Verdict[] = [];
    let failedClosed = false;
    results.forEach((r, i) => {
      const closed = scopes[i]?.outage === "closed";
      if (r.status === "fulfilled") {
        if (r.value) verdicts.push(r.value);
        return;
      }
      noteOutage(c, closed ? "closed" : "open", r.reason);
      if (closed) failedClosed = true;
    });
    if (failedClosed) throw aiUnavailable();
    const shown = tightest(verdicts);
    if (shown && !shown.allowed) refuse(c, verdicts, shown);
    await next();
    // Nested throttles (e.g. /api/* around the AI one): the client sees the tightest budget.
    const bag = c.env.headers;
    const inner = bag.get("X-RateLimit-Remaining");
    if (shown && (inner === undefined || shown.remaining < Number(inner))) {
      const headers = rateHeaders(shown);
      for (const name in headers) bag.set(name, headers[name] as string);
    }
  });
  // Off, or a method this throttle does not count: straight through, without an async layer.
  return (c, next) =>
    !c.env.deps.config.THROTTLE_ENABLED || (opts.methods && !opts.methods.includes(c.req.method))
      ? next()
      : limit(c, next);
}
