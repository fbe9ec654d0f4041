/**
 * The resumes feature's second face: the routes of its sub-resources (trash, files, versions,
 * share links and their public page), which few requests need. Only `features/index.ts` (every
 * operation) and the lazy groups of `app-routes.ts` (a dynamic `import()`) use it, so a cold
 * Worker isolate does not build their schemas; the services other code needs stay in index.ts.
 */
export { resumeFileRoutes } from "./files/files.routes";
export { sharedPageRoutes } from "./shares/shared-page.routes";
export { shareRoutes } from "./shares/shares.routes";
export { trashRoutes } from "./trash/trash.routes";
export { versionRoutes } from "./versions/versions.routes";
