import type { Context } from "hono";
import { throttled } from "../../../core/errors";
import { countSecurely, readSecurely } from "../../../core/security-counter";
import type { ThrottleScope } from "../../../core/throttle";
import type { CoreEnv } from "../../../core/types";
import { hashShareToken } from "./shares.tokens";

/** The header a protected link's password comes in on `GET /api/shared/{token}/`. */
export const SHARE_PASSWORD_HEADER = "X-Share-Password";

/**
 * Password attempts on a share link, per token and IP, at the login rate, before any hash: a
 * request carrying a password (the header on the JSON endpoint, the page's form POST) is
 * counted, a plain view is not. The counter is keyed by part of the token's hash, never the
 * token itself. It never fails open (counted in this process while the store is down).
 */
export const sharePasswordScope: ThrottleScope = {
  name: "share_password",
  rate: (cfg) => cfg.THROTTLE_LOGIN,
  ident: async (c) => {
    const token = attemptedToken(c);
    return token && `${linkId(await hashShareToken(token))}:ip:${c.get("clientIp")}`;
  },
  outage: "local",
};

/** The token of a request that carries a password, else null (no attempt). */
function attemptedToken(c: Context<CoreEnv>): string | null {
  const attempt = c.req.method === "POST" || c.req.header(SHARE_PASSWORD_HEADER) !== undefined;
  return attempt ? (c.req.path.split("/").filter(Boolean).at(-1) ?? "") : null;
}

const linkId = (tokenHash: string) => `share:${tokenHash.slice(0, 32)}`;

/** Failed guesses on one link over every IP, as a multiple of the login rate. */
export const SHARE_LINK_RATE_FACTOR = 5;
/** Failed guesses over all of one owner's links (each link's budget is below it). */
export const SHARE_OWNER_RATE_FACTOR = 10;

export interface GuardedLink {
  tokenHash: string;
  ownerId: number;
}

/**
 * Guessing a link's password from many addresses, counting failures only (a viewer who knows
 * the password is never counted). While a link's (or its owner's) failure budget is spent, an
 * address that has guessed wrong there is refused before any hash; one that has not still gets
 * its check, so the owner's viewer gets in and each new address gets one guess, not the login
 * rate. The per-(link, IP) attempt limit (`sharePasswordScope`) applies before all of this.
 */
export interface ShareGuard {
  beforeCheck(link: GuardedLink): Promise<void>;
  failed(link: GuardedLink): Promise<void>;
}

const open: ShareGuard = { beforeCheck: async () => {}, failed: async () => {} };

export function shareGuard<E extends CoreEnv>(c: Context<E>): ShareGuard {
  const { config, metrics } = c.env.deps;
  if (!config.THROTTLE_ENABLED) return open;
  const { limit, windowSeconds } = config.THROTTLE_LOGIN;
  const ip = c.get("clientIp");
  const keys = (link: GuardedLink) => {
    const base = "throttle:share_password_failures";
    const ofLink = `${base}:${linkId(link.tokenHash)}`;
    const ofOwner = `${base}:owner:${link.ownerId}`;
    return [ofLink, `${ofLink}:ip:${ip}`, ofOwner, `${ofOwner}:ip:${ip}`];
  };
  return {
    async beforeCheck(link) {
      const [all, mine, owners, mineOwners] = await Promise.all(
        keys(link).map((key) => readSecurely(c, key)),
      );
      const spentHere = (all ?? 0) >= limit * SHARE_LINK_RATE_FACTOR && (mine ?? 0) > 0;
      const spentOwner = (owners ?? 0) >= limit * SHARE_OWNER_RATE_FACTOR && (mineOwners ?? 0) > 0;
      if (!spentHere && !spentOwner) return;
      metrics?.throttled("share_password_failures");
      // The counters' remaining time is not read back: the window is the honest upper bound.
      throw throttled(windowSeconds);
    },
    async failed(link) {
      await Promise.all(keys(link).map((key) => countSecurely(c, key, windowSeconds)));
    },
  };
}
