import { bigint, integer, pgTable } from "drizzle-orm/pg-core";

/**
 * Django's tables that point at auth_user, present only in a database Django created: declared
 * (the columns the account deletion reads) so its SQL names them through schema objects, and
 * never migrated (drizzle.config.ts reads src/db/schema.ts only). Listed in the order their rows
 * must go: a database created by Django has no ON DELETE CASCADE.
 */
export const outstandingToken = pgTable("token_blacklist_outstandingtoken", {
  id: bigint("id", { mode: "number" }).notNull(),
  userId: integer("user_id"),
});
export const blacklistedToken = pgTable("token_blacklist_blacklistedtoken", {
  tokenId: bigint("token_id", { mode: "number" }).notNull(),
});
export const userGroups = pgTable("auth_user_groups", { userId: integer("user_id").notNull() });
export const userPermissions = pgTable("auth_user_user_permissions", {
  userId: integer("user_id").notNull(),
});
export const adminLog = pgTable("django_admin_log", { userId: integer("user_id") });
