/**
 * The resumes feature (`/api/resumes/**`, the share links' `/api/shared/{token}/` and `/r/{token}`):
 * what the rest of the app may use. The resume write path (lock, write keeping a version, move to
 * the trash: resumes.write.ts) stays inside; other features create and read resumes through
 * these services, which run it. The sub-resources' routes are the second face, deferred.ts.
 */

export { generatedResume } from "./resumes.generated";
/** The resource's own operations (`/api/resumes/`, `/api/resumes/{id}/`, import, ...). */
export { resumeRoutes } from "./resumes.routes";
export { resumeSchema } from "./resumes.schemas";
export { createResume, getResume } from "./resumes.service";
export type { ResumeRow } from "./resumes.write";
/** The scheduled purge of expired trash (the entries' timer and Cron Trigger). */
export { purgeExpiredTrash } from "./trash/trash.service";
/** What other features may use of the resumes feature. */
export { keepResumeVersion } from "./versions/versions.queries";
