import { type ThrottleScope, userKey } from "../../core/throttle";

/**
 * CSV imports and bulk changes per user: each writes up to hundreds of rows and their timeline
 * entries in one transaction. The store being down lets them through (they cost rows, not money).
 */
export const bulkWriteScope: ThrottleScope = {
  name: "bulk_write",
  rate: (cfg) => cfg.THROTTLE_BULK,
  ident: (c) => {
    const user = c.get("user");
    return user ? userKey(user.id) : null;
  },
};
