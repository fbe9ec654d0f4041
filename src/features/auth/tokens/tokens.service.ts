import { notFound, validationError } from "../../../core/errors";
import {
  hashPersonalToken,
  newPersonalToken,
  personalTokenHint,
} from "../../../core/personal-tokens";
import { timestampFromMicros } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import { forgetTokens } from "./tokens.cache";
import * as queries from "./tokens.queries";
import type { CreateTokenInput } from "./tokens.schemas";

const DAY_MS = 86_400_000;

// The rules live here, not beside the schemas: a password change revokes tokens through this
// module, so it loads with the sign-in, and the schemas then stay out of a cold Worker isolate.
/** Tokens a user may hold at once: enough for every script, bounded for the lookup's sake. */
export const MAX_TOKENS_PER_USER = 50;
/** Without `expires_in_days` a token lives this long; null means it never expires. */
export const DEFAULT_TOKEN_DAYS = 90;

/** A new token: the secret is returned here once and only its hash is kept. */
export async function createToken(deps: Deps, userId: number, input: CreateTokenInput) {
  const token = newPersonalToken();
  const days = input.expires_in_days === undefined ? DEFAULT_TOKEN_DAYS : input.expires_in_days;
  const now = deps.clock.now();
  const row = await queries.insertToken(
    deps.database.db,
    {
      userId,
      name: input.name,
      scopes: input.scopes,
      tokenHash: await hashPersonalToken(token),
      tokenHint: personalTokenHint(token),
      createdAt: timestampFromMicros(now * 1000),
      expiresAt: days === null ? null : timestampFromMicros((now + days * DAY_MS) * 1000),
    },
    MAX_TOKENS_PER_USER,
  );
  if (row === "limit") {
    throw validationError({
      non_field_errors: [`You can hold at most ${MAX_TOKENS_PER_USER} tokens; revoke one first.`],
    });
  }
  return { row, token };
}

export const listTokens = (reader: Db, userId: number) => queries.listTokens(reader, userId);

/**
 * Revokes at once: the row goes (its statement notifies the other instances, at its commit), and
 * this process drops its cached lookup before it answers.
 */
export async function revokeToken(deps: Deps, owned: Owned) {
  const hash = await queries.deleteToken(deps.database.db, owned);
  if (!hash) throw notFound();
  forgetTokens(deps.database, [hash]);
}

/**
 * Inside a password change's or an account deletion's transaction: every token of the user goes
 * (notified at the commit); their hashes, for `forgetTokens` once it committed.
 */
export const deleteUserTokens = (tx: Db, userId: number) => queries.deleteUserTokens(tx, userId);
export { forgetTokens };
