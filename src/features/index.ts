import type { AnyRoute } from "../route";
import { adminRoutes } from "./admin/admin.routes";
import { aiRoutes } from "./ai/ai.routes";
import { authRoutes } from "./auth/auth.routes";
import { calendarRoutes } from "./calendar";
import { contactRoutes } from "./contacts";
import { copilotRoutes } from "./copilot/copilot.routes";
import { coverLetterRoutes } from "./cover-letters/cover-letters.routes";
import { exampleRoutes } from "./examples/examples.routes";
import { exportRoutes } from "./exports/exports.routes";
import { interviewRoutes } from "./interviews";
import { applicationInterviewRoutes } from "./job-applications/interviews/application-interviews.routes";
import { jobApplicationRoutes } from "./job-applications/job-applications.routes";
import { applicationReminderRoutes } from "./job-applications/reminders/application-reminders.routes";
import { letterRoutes } from "./letters/letters.routes";
import { buildApiDocument } from "./openapi";
import { docsRoutes } from "./ops/docs.routes";
import { opsRoutes } from "./ops/ops.routes";
import type { ApiCatalog } from "./ops/ops.service";
import { reminderRoutes } from "./reminders";
import { resumeRoutes } from "./resumes/resumes.routes";
import { sharedPageRoutes } from "./shares/shared-page.routes";
import { shareRoutes } from "./shares/shares.routes";
import { trashRoutes } from "./trash/trash.routes";
import { versionRoutes } from "./versions/versions.routes";

const catalog: ApiCatalog = {
  routes: () => apiRoutes,
  document: () => openApiDocument(),
};

/**
 * Every operation of the API, in the order the document lists them and the app mounts them (a
 * literal path before a parameter in the same place). Each one is mounted, validated, guarded,
 * documented and typed for the client from its own definition; a feature adds its list here.
 */
export const apiRoutes = [
  ...opsRoutes(catalog),
  ...authRoutes,
  ...trashRoutes,
  ...exportRoutes,
  ...resumeRoutes,
  ...versionRoutes,
  ...shareRoutes,
  ...jobApplicationRoutes,
  ...applicationInterviewRoutes,
  ...interviewRoutes,
  ...applicationReminderRoutes,
  ...reminderRoutes,
  ...contactRoutes,
  ...calendarRoutes,
  ...copilotRoutes,
  ...letterRoutes,
  ...coverLetterRoutes,
  ...exampleRoutes,
  ...aiRoutes,
  ...adminRoutes,
  ...docsRoutes(catalog),
  ...sharedPageRoutes,
] as const;

export type ApiRoutes = typeof apiRoutes;

/** The OpenAPI 3.1 document of every operation. */
export function openApiDocument(): Record<string, unknown> {
  return buildApiDocument(apiRoutes as readonly AnyRoute[]);
}
