import { sha256Hex } from "../../core/digest";
import type { ThrottleScope } from "../../core/throttle";

/**
 * Fetches per feed URL, over every IP (a calendar app polls; a leaked URL may be polled by
 * many): keyed by part of the token's hash, never the token. On top of the per-IP anon scope.
 */
export const calendarFeedScope: ThrottleScope = {
  name: "calendar_feed",
  rate: (cfg) => cfg.THROTTLE_CALENDAR,
  ident: async (c) => {
    const segment = c.req.path.split("/").filter(Boolean).at(-1) ?? "";
    return `feed:${(await sha256Hex(segment)).slice(0, 32)}`;
  },
};
