import { eq, getTableName, inArray, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Timestamp } from "../../core/timestamps";
import { type Db, executeRows } from "../../db/client";
import { aiUsage, authUser, jobApplication, resume, tokenCutoff } from "../../db/schema";
import {
  adminLog,
  blacklistedToken,
  outstandingToken,
  userGroups,
  userPermissions,
} from "./django-tables";

/** The columns login and password checks need (the hash never leaves the service). */
export async function findCredentials(db: Db, where: { username: string } | { id: number }) {
  const [row] = await db
    .select({
      id: authUser.id,
      password: authUser.password,
      isActive: authUser.isActive,
    })
    .from(authUser)
    .where("id" in where ? eq(authUser.id, where.id) : eq(authUser.username, where.username))
    .limit(1);
  return row;
}

export async function usernameExists(db: Db, { username }: { username: string }): Promise<boolean> {
  // Django's unique check is case-sensitive (`username = %s`), as the database constraint.
  const [row] = await db
    .select({ id: authUser.id })
    .from(authUser)
    .where(eq(authUser.username, username))
    .limit(1);
  return row !== undefined;
}

export async function insertUser(
  db: Db,
  values: { username: string; email: string; password: string; dateJoined: Timestamp },
) {
  const [row] = await db
    .insert(authUser)
    .values(values)
    .returning({ id: authUser.id, username: authUser.username, email: authUser.email });
  if (!row) throw new Error("user insert returned no row");
  return row;
}

export async function updatePasswordHash(
  db: Db,
  { id, password }: { id: number; password: string },
) {
  await db.update(authUser).set({ password }).where(eq(authUser.id, id));
}

/** Django's rows that point at the user, in the order they must go (see django-tables.ts). */
const DJANGO_USER_ROWS: ReadonlyArray<
  readonly [PgTable, (db: Db, id: number) => Promise<unknown>]
> = [
  [
    blacklistedToken,
    (db, id) =>
      db
        .delete(blacklistedToken)
        .where(
          inArray(
            blacklistedToken.tokenId,
            db
              .select({ id: outstandingToken.id })
              .from(outstandingToken)
              .where(eq(outstandingToken.userId, id)),
          ),
        ),
  ],
  [
    outstandingToken,
    (db, id) => db.delete(outstandingToken).where(eq(outstandingToken.userId, id)),
  ],
  [userGroups, (db, id) => db.delete(userGroups).where(eq(userGroups.userId, id))],
  [userPermissions, (db, id) => db.delete(userPermissions).where(eq(userPermissions.userId, id))],
  [adminLog, (db, id) => db.delete(adminLog).where(eq(adminLog.userId, id))],
];

/**
 * Deletes the user and everything they own in one transaction, explicitly: a database created
 * by Django has no ON DELETE CASCADE, so relying on the constraints would fail there.
 */
export async function deleteUserCascade(db: Db, { userId }: { userId: number }) {
  await db.transaction(async (tx) => {
    const owned = tx.select({ id: resume.id }).from(resume).where(eq(resume.userId, userId));
    // Another user's application may still point at one of these resumes (SET_NULL in Django).
    await tx
      .update(jobApplication)
      .set({ resumeUsedId: null })
      .where(inArray(jobApplication.resumeUsedId, owned));
    await tx.delete(jobApplication).where(eq(jobApplication.userId, userId));
    await tx.delete(resume).where(eq(resume.userId, userId));
    await tx.update(aiUsage).set({ userId: null }).where(eq(aiUsage.userId, userId));
    await tx.delete(tokenCutoff).where(eq(tokenCutoff.userId, userId));
    await deleteDjangoRows(tx, userId);
    await tx.delete(authUser).where(eq(authUser.id, userId));
  });
}

async function deleteDjangoRows(db: Db, userId: number) {
  const names = DJANGO_USER_ROWS.map(([table]) => getTableName(table));
  const present = await executeRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c where c.relkind in ('r', 'p') and c.relname in (${sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    )}) and pg_table_is_visible(c.oid)`,
  );
  const found = new Set(present.map((r) => r.name));
  for (const [table, remove] of DJANGO_USER_ROWS) {
    if (found.has(getTableName(table))) await remove(db, userId);
  }
}
