import { and, count, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import { prepared } from "../../../db/prepared";
import { authUser, personalToken } from "../../../db/schema";

export type PersonalTokenRow = typeof personalToken.$inferSelect;
export type NewPersonalToken = typeof personalToken.$inferInsert;

/**
 * Inserts a token unless the user already holds `max`: the user's row is locked first, so two
 * concurrent creations count one after the other (the limit holds under concurrency).
 */
export async function insertToken(
  db: Db,
  values: NewPersonalToken,
  max: number,
): Promise<PersonalTokenRow | "limit"> {
  return db.transaction(async (tx) => {
    await tx
      .select({ id: authUser.id })
      .from(authUser)
      .where(eq(authUser.id, values.userId))
      .for("update");
    const [held] = await tx
      .select({ n: count() })
      .from(personalToken)
      .where(eq(personalToken.userId, values.userId));
    if ((held?.n ?? 0) >= max) return "limit";
    const [row] = await tx.insert(personalToken).values(values).returning();
    if (!row) throw new Error("token insert returned no row");
    return row;
  });
}

/** The owner's tokens, newest first. */
export function listTokens(db: Db, userId: number): Promise<PersonalTokenRow[]> {
  return db
    .select()
    .from(personalToken)
    .where(eq(personalToken.userId, userId))
    .orderBy(desc(personalToken.createdAt), desc(personalToken.id));
}

/**
 * The channel every statement that deletes tokens notifies, one message per token (its hash),
 * delivered at that statement's commit: the instances that cache the lookup drop it
 * (tokens.cache.ts).
 */
export const REVOKED_CHANNEL = "resumate_pat_revoked";

/** Deletes tokens and notifies their hashes in the same statement; the hashes. */
async function deleteNotifying(db: Db, where: SQL | undefined): Promise<string[]> {
  const gone = db
    .$with("gone")
    .as(db.delete(personalToken).where(where).returning({ hash: personalToken.tokenHash }));
  const rows = await db
    .with(gone)
    .select({ hash: gone.hash, sent: sql`pg_notify(${REVOKED_CHANNEL}, ${gone.hash})` })
    .from(gone);
  return rows.map((r) => r.hash);
}

/** Deletes an owned token; its hash (for the cache), undefined when not the user's. */
export async function deleteToken(db: Db, key: Owned): Promise<string | undefined> {
  const where = and(eq(personalToken.id, key.id), eq(personalToken.userId, key.userId));
  const [hash] = await deleteNotifying(db, where);
  return hash;
}

/**
 * Inside a transaction: deletes every token of the user (a password change, the account's
 * deletion); their hashes. The user's row is locked first, as a creation locks it, so a token
 * created concurrently is either deleted here or created after (in a statement of its own: a
 * lock taken in the same statement would not show it to the delete).
 */
export async function deleteUserTokens(tx: Db, userId: number): Promise<string[]> {
  await tx.select({ id: authUser.id }).from(authUser).where(eq(authUser.id, userId)).for("update");
  return deleteNotifying(tx, eq(personalToken.userId, userId));
}

const tokenWithUser = (db: Db) =>
  db
    .select({
      id: personalToken.id,
      scopes: personalToken.scopes,
      expiresAt: personalToken.expiresAt,
      user: {
        id: authUser.id,
        username: authUser.username,
        email: authUser.email,
        firstName: authUser.firstName,
        lastName: authUser.lastName,
        isStaff: authUser.isStaff,
        isSuperuser: authUser.isSuperuser,
        isActive: authUser.isActive,
        dateJoined: authUser.dateJoined,
      },
    })
    .from(personalToken)
    .innerJoin(authUser, eq(authUser.id, personalToken.userId));

/**
 * The token of a hash with its user, in one statement (prepared once per db): what a JWT
 * request costs in its user lookup, a token request costs on a cache miss, or where there is no
 * cache (Workers).
 */
export async function findTokenWithUser(db: Db, hash: string) {
  const query =
    prepared(db, "pat_with_user", (d) =>
      tokenWithUser(d)
        .where(eq(personalToken.tokenHash, sql.placeholder("hash")))
        .limit(1)
        .prepare("pat_with_user"),
    ) ?? tokenWithUser(db).where(eq(personalToken.tokenHash, hash)).limit(1);
  const [row] = await query.execute({ hash });
  return row;
}

/** `last_used_at` moves forward only: a late write of an earlier minute changes nothing. */
export async function touchToken(db: Db, id: number, minute: Timestamp): Promise<void> {
  await db
    .update(personalToken)
    .set({ lastUsedAt: minute })
    .where(
      and(
        eq(personalToken.id, id),
        or(isNull(personalToken.lastUsedAt), lt(personalToken.lastUsedAt, minute)),
      ),
    );
}
