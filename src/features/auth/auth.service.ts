import type { AppEnv } from "../../app-env";
import { ApiError, fieldError, validationError } from "../../core/errors";
import type { HashPriority } from "../../core/limit";
import { hashPassword, isUsableHash, verifyPassword } from "../../core/passwords";
import { timestampNow } from "../../core/timestamps";
import type { AuthUser } from "../../core/types";
import type { FieldCheck } from "../../core/validate";
import { isUniqueViolation } from "../../db/errors";
import type { Deps } from "../../deps";
import {
  deleteUserCascade,
  findCredentials,
  insertUser,
  updatePasswordHash,
  usernameExists,
} from "./auth.queries";
import {
  type PasswordChangeInput,
  type RegisterInput,
  type TokenObtainInput,
  USERNAME_TAKEN,
} from "./auth.schemas";
import { issueTokenPair, type TokenPair } from "./auth.session";
import { validatePassword } from "./password-validators";
import { revokeAllForUser } from "./revocations";
import { deleteUserTokens, forgetTokens } from "./tokens";

/** Accounts: registration, login, profile, password change and deletion. */

const NO_ACTIVE_ACCOUNT = "No active account found with the given credentials";

/** DRF's UniqueValidator on `username`, for a 400 that also carries the other fields' errors. */
export const usernameCheck: FieldCheck<AppEnv> = async (c, username) =>
  typeof username === "string" && (await usernameExists(c.env.deps.database.db, { username }))
    ? USERNAME_TAKEN
    : null;

export async function register(deps: Deps, input: RegisterInput) {
  const db = deps.database.db;
  if (await usernameExists(db, { username: input.username }))
    throw fieldError("username", USERNAME_TAKEN);
  const password = await hashPassword(deps.hasher, input.password);
  try {
    return await insertUser(db, {
      username: input.username,
      email: input.email,
      password,
      dateJoined: timestampNow(deps.clock),
    });
  } catch (err) {
    // A concurrent registration of the same name won the race: same answer as the check above.
    if (isUniqueViolation(err)) throw fieldError("username", USERNAME_TAKEN);
    throw err;
  }
}

/**
 * Checks a password against a stored user, costing one hash whether or not the user exists or
 * can log in, so the answer's timing does not reveal which usernames exist.
 */
async function checkPassword(
  deps: Deps,
  where: { username: string } | { id: number },
  password: string,
  priority: HashPriority,
) {
  const row = await findCredentials(deps.database.db, where);
  if (!row || !isUsableHash(row.password)) {
    await hashPassword(deps.hasher, password, undefined, priority);
    return null;
  }
  const result = await verifyPassword(deps.hasher, password, row.password, priority);
  if (!result.ok) return null;
  if (result.needsRehash) {
    const hash = await hashPassword(deps.hasher, password, undefined, priority);
    await updatePasswordHash(deps.database.db, { id: row.id, password: hash });
  }
  return row;
}

export async function obtainTokens(deps: Deps, input: TokenObtainInput): Promise<TokenPair> {
  const row = await checkPassword(deps, { username: input.username }, input.password, "sign-in");
  if (!row?.isActive) throw new ApiError(401, { detail: NO_ACTIVE_ACCOUNT });
  return issueTokenPair(deps, row.id);
}

export async function changePassword(deps: Deps, user: AuthUser, input: PasswordChangeInput) {
  const errors: Record<string, string[]> = {};
  if (!(await checkPassword(deps, { id: user.id }, input.old_password, "other"))) {
    errors.old_password = ["Your old password was entered incorrectly. Please enter it again."];
  }
  const weak = await validatePassword(input.new_password, user);
  if (weak.length > 0) errors.new_password = weak;
  if (Object.keys(errors).length > 0) throw validationError(errors);
  if (input.new_password !== input.new_password2) {
    throw fieldError("new_password2", "The two password fields didn't match.");
  }
  const hash = await hashPassword(deps.hasher, input.new_password);
  const tokens = await deps.database.db.transaction(async (tx) => {
    await updatePasswordHash(tx, { id: user.id, password: hash });
    await revokeAllForUser(tx, user.id, deps.clock.now());
    return deleteUserTokens(tx, user.id);
  });
  forgetTokens(deps.database, tokens);
}

export async function deleteAccount(deps: Deps, user: AuthUser, password: string) {
  if (!(await checkPassword(deps, { id: user.id }, password, "other"))) {
    throw fieldError("password", "Password is incorrect.");
  }
  // Its personal tokens first, by the statement that notifies the other instances' caches (the
  // constraint's cascade would not), in the same transaction as the user's row.
  const tokens = await deps.database.db.transaction(async (tx) => {
    const hashes = await deleteUserTokens(tx, user.id);
    await deleteUserCascade(tx, { userId: user.id });
    return hashes;
  });
  forgetTokens(deps.database, tokens);
}
