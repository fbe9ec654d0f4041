import type { SQL } from "drizzle-orm";
import type { Timestamp } from "../core/timestamps";

/** What a saved generation's row is written with. */
export interface SavedWith {
  content: string;
  /** The display name of the model that wrote it. */
  model: string;
  now: Timestamp;
}

/**
 * Where a successful generation goes, supplied by the feature that owns the row (a resume, a
 * tailored copy, a cover letter) so that the generation module names no other feature's table.
 * The generation's one save statement is `with owner as (select <user id> as id), saved as
 * (<saved>)<after>, <slot used>, <ledger row> select id from saved`: `saved` writes the row for
 * `owner.id` (nothing when it is null) and returns its `id`; `after` adds CTEs (`, name as
 * (...)`) that may read `owner` and `saved`. The slot and the ledger are written only if `saved`
 * returned a row, so the whole save lands together or not at all.
 */
export interface SaveTarget {
  /** What the answers call the id (`resume_id` or a cover letter's `id`; none for `none`). */
  readonly kind: "resume" | "cover_letter" | "none";
  saved(w: SavedWith): SQL;
  after?(w: SavedWith): SQL;
}
