/**
 * Personal access tokens, as the rest of the auth feature uses them: a password change or an
 * account deletion revokes every token of the user (the rows in the same transaction, which
 * notifies the other instances at its commit; this process's cached lookups after it).
 */
export { deleteUserTokens, forgetTokens } from "./tokens.service";
