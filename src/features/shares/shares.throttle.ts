import type { Context } from "hono";
import type { ThrottleScope } from "../../core/throttle";
import type { CoreEnv } from "../../core/types";
import { hashShareToken } from "./shares.tokens";

/** The header a protected link's password comes in on `GET /api/shared/{token}/`. */
export const SHARE_PASSWORD_HEADER = "X-Share-Password";

/**
 * Password attempts on a share link, per token and IP, at the login rate: a request carrying a
 * password (the header on the JSON endpoint, the page's form POST) is counted, a plain view is
 * not. The counter is keyed by part of the token's hash, never the token itself.
 */
export const sharePasswordScope: ThrottleScope = {
  name: "share_password",
  rate: (cfg) => cfg.THROTTLE_LOGIN,
  ident: async (c) => {
    const link = await attemptedLink(c);
    return link && `${link}:ip:${c.get("clientIp")}`;
  },
};

/** Per-link multiple of the login rate: guesses spread over many IPs still meet one counter. */
export const SHARE_LINK_RATE_FACTOR = 5;

/**
 * All password attempts on one link, whatever the IP (as login counts per username beside per
 * IP), at SHARE_LINK_RATE_FACTOR times the login rate, so one visitor's typos do not lock out
 * the others while a guessing run from many addresses is still bounded.
 */
export const shareLinkPasswordScope: ThrottleScope = {
  name: "share_password_link",
  rate: (cfg) => ({
    ...cfg.THROTTLE_LOGIN,
    limit: cfg.THROTTLE_LOGIN.limit * SHARE_LINK_RATE_FACTOR,
  }),
  ident: attemptedLink,
};

/** The link's counter key when the request carries a password, else null (no attempt). */
async function attemptedLink(c: Context<CoreEnv>): Promise<string | null> {
  const attempt = c.req.method === "POST" || c.req.header(SHARE_PASSWORD_HEADER) !== undefined;
  if (!attempt) return null;
  const token = c.req.path.split("/").filter(Boolean).at(-1) ?? "";
  return `share:${(await hashShareToken(token)).slice(0, 32)}`;
}
