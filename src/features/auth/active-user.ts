import { eq, sql } from "drizzle-orm";
import type { AuthUser } from "../../core/types";
import type { Db } from "../../db/client";
import { prepared } from "../../db/prepared";
import { authUser } from "../../db/schema";

const userById = (db: Db) =>
  db
    .select({
      id: authUser.id,
      username: authUser.username,
      email: authUser.email,
      firstName: authUser.firstName,
      lastName: authUser.lastName,
      isStaff: authUser.isStaff,
      isSuperuser: authUser.isSuperuser,
      isActive: authUser.isActive,
      dateJoined: authUser.dateJoined,
    })
    .from(authUser);

/** Loads an active user by id (simplejwt refuses inactive users' tokens): the core's `LoadUser`. */
export async function loadActiveUser(
  db: Db,
  id: number,
): Promise<AuthUser | "missing" | "inactive"> {
  const query =
    prepared(db, "auth_active_user", (d) =>
      userById(d)
        .where(eq(authUser.id, sql.placeholder("id")))
        .limit(1)
        .prepare("auth_active_user"),
    ) ?? userById(db).where(eq(authUser.id, id)).limit(1);
  const [row] = await query.execute({ id });
  if (!row) return "missing";
  if (!row.isActive) return "inactive";
  const { isActive: _active, ...user } = row;
  return user;
}
