/**
 * Personal access tokens, as the rest of the auth feature uses them: a password change or an
 * account deletion revokes every token of the user (the rows in the same transaction, the cached
 * lookups after it).
 */
export { deleteUserTokens, forgetTokens, userTokenHashes } from "./tokens.service";
