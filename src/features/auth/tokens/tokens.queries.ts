import { and, count, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
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

/** Deletes an owned token; its hash (for the embedded cache), undefined when not the user's. */
export async function deleteToken(db: Db, key: Owned): Promise<string | undefined> {
  const [row] = await db
    .delete(personalToken)
    .where(and(eq(personalToken.id, key.id), eq(personalToken.userId, key.userId)))
    .returning({ hash: personalToken.tokenHash });
  return row?.hash;
}

/** Deletes every token of the user (a password change); their hashes. */
export async function deleteUserTokens(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .delete(personalToken)
    .where(eq(personalToken.userId, userId))
    .returning({ hash: personalToken.tokenHash });
  return rows.map((r) => r.hash);
}

/** The hashes of the user's tokens (the account's deletion drops them from the cache). */
export async function userTokenHashes(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .select({ hash: personalToken.tokenHash })
    .from(personalToken)
    .where(eq(personalToken.userId, userId));
  return rows.map((r) => r.hash);
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
 * request costs in its user lookup, a token request costs here, revocations included (the row
 * is the truth; there is no cache of it to invalidate).
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
