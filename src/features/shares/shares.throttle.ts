import type { ThrottleScope } from "../../core/throttle";
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
    const attempt = c.req.method === "POST" || c.req.header(SHARE_PASSWORD_HEADER) !== undefined;
    if (!attempt) return null;
    const token = c.req.path.split("/").filter(Boolean).at(-1) ?? "";
    const key = (await hashShareToken(token)).slice(0, 32);
    return `share:${key}:ip:${c.get("clientIp")}`;
  },
};
