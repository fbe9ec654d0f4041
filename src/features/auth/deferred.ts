/**
 * The auth feature's second face: the routes of its sub-resources (personal access tokens, the
 * account export), which few requests need. Only `features/index.ts` (every operation) and the
 * lazy groups of `app-routes.ts` (a dynamic `import()`) use it, so a cold Worker isolate does
 * not build their schemas; a token's lookup (the app's auth middleware) stays in index.ts.
 */
export { accountExportRoutes } from "./account-export/account-export.routes";
export { tokenRoutes } from "./tokens/tokens.routes";
