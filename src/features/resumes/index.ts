/**
 * The resumes feature (`/api/resumes/**`, the share links' `/api/shared/{token}/` and `/r/{token}`):
 * what the rest of the app may use. The resume write path (lock, write keeping a version, move to
 * the trash: resumes.write.ts) stays inside; other features create and read resumes through
 * these services, which run it.
 */
import { resumeFileRoutes } from "./files/files.routes";
import { resumeRoutes as resumeItemRoutes } from "./resumes.routes";
import { shareRoutes } from "./shares/shares.routes";
import { trashRoutes } from "./trash/trash.routes";
import { versionRoutes } from "./versions/versions.routes";

/** Every `/api/` operation of the feature, literal paths (trash/, import/) first. */
export const resumeRoutes = [
  ...trashRoutes,
  ...resumeFileRoutes,
  ...resumeItemRoutes,
  ...versionRoutes,
  ...shareRoutes,
] as const;
export { generatedResume } from "./resumes.generated";
export { resumeSchema } from "./resumes.schemas";
export { createResume, getResume } from "./resumes.service";
export type { ResumeRow } from "./resumes.write";
/** The public page of a share link (`/r/{token}`), outside `/api/`: listed last. */
export { sharedPageRoutes } from "./shares/shared-page.routes";
/** The scheduled purge of expired trash (the entries' timer and Cron Trigger). */
export { purgeExpiredTrash } from "./trash/trash.service";
/** What other features may use of the resumes feature. */
export { keepResumeVersion } from "./versions/versions.queries";
