import { sql } from "drizzle-orm";
import type { SaveTarget } from "../../db/save-target";

/** The id a generation that saves nothing answers with: no row has it. */
export const NOTHING_SAVED = 0;

/** Posting intake: the answer is a draft; one row without an insert keeps the slot and ledger. */
export const saveNothing: SaveTarget = {
  kind: "none",
  saved: () => sql`select ${NOTHING_SAVED}::bigint as id from owner where owner.id is not null`,
};
