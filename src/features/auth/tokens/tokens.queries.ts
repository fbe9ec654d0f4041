import { and, count, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Timestamp } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
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

/** Deletes an owned token; its hash (for the cache's tombstone), or undefined when not owned. */
export async function deleteToken(db: Db, key: Owned): Promise<string | undefined> {
  const [row] = await db
    .delete(personalToken)
    .where(and(eq(personalToken.id, key.id), eq(personalToken.userId, key.userId)))
    .returning({ hash: personalToken.tokenHash });
  return row?.hash;
}

/** Deletes every token of the user (password change); their hashes. */
export async function deleteUserTokens(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .delete(personalToken)
    .where(eq(personalToken.userId, userId))
    .returning({ hash: personalToken.tokenHash });
  return rows.map((r) => r.hash);
}

/** Hashes of the user's tokens (account deletion tombstones them before the cascade). */
export async function userTokenHashes(db: Db, userId: number): Promise<string[]> {
  const rows = await db
    .select({ hash: personalToken.tokenHash })
    .from(personalToken)
    .where(eq(personalToken.userId, userId));
  return rows.map((r) => r.hash);
}

export async function findTokenByHash(db: Db, hash: string) {
  const [row] = await db
    .select({
      id: personalToken.id,
      userId: personalToken.userId,
      scopes: personalToken.scopes,
      expiresAt: personalToken.expiresAt,
    })
    .from(personalToken)
    .where(eq(personalToken.tokenHash, hash))
    .limit(1);
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
