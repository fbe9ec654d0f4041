import type { AnyRoute } from "../route";
import { adminRoutes } from "./admin";
import { aiRoutes, generationRoutes } from "./ai";
import { authRoutes } from "./auth";
import { accountExportRoutes, tokenRoutes } from "./auth/deferred";
import { calendarRoutes } from "./calendar";
import { contactRoutes } from "./contacts";
import { coverLetterRoutes } from "./cover-letters";
import { exampleRoutes } from "./examples";
import { interviewRoutes } from "./interviews";
import { jobApplicationRoutes } from "./job-applications";
import { mcpRoutes } from "./mcp";
import { buildApiDocument } from "./openapi";
import { type ApiCatalog, docsRoutes, opsRoutes } from "./ops";
import { reminderRoutes } from "./reminders";
import { resumeRoutes } from "./resumes";
import {
  resumeFileRoutes,
  sharedPageRoutes,
  shareRoutes,
  trashRoutes,
  versionRoutes,
} from "./resumes/deferred";
import { deliveryRoutes, webhookRoutes } from "./webhooks/deferred";

const catalog: ApiCatalog = {
  routes: async () => apiRoutes,
  document: async () => openApiDocument(),
};

/**
 * Every operation of the API, in the order the document lists them and the app mounts them (a
 * literal path before a parameter in the same place). Each one is mounted, validated, guarded,
 * documented and typed for the client from its own definition; a feature adds its list here,
 * and in app-routes.ts (what the app mounts, rarely needed features loaded on first use).
 */
export const apiRoutes = [
  ...opsRoutes(catalog),
  ...authRoutes,
  ...accountExportRoutes,
  ...tokenRoutes,
  // Literal paths (trash/, import/) before the resume id.
  ...trashRoutes,
  ...resumeFileRoutes,
  ...resumeRoutes,
  ...versionRoutes,
  ...shareRoutes,
  ...jobApplicationRoutes,
  ...interviewRoutes,
  ...reminderRoutes,
  ...contactRoutes,
  ...calendarRoutes,
  ...coverLetterRoutes,
  ...exampleRoutes,
  ...aiRoutes,
  ...generationRoutes,
  ...webhookRoutes,
  ...deliveryRoutes,
  ...adminRoutes,
  ...docsRoutes(catalog),
  // The public page of a share link (`/r/{token}`), outside `/api/`: listed last.
  ...sharedPageRoutes,
  ...mcpRoutes(catalog),
] as const;

export type ApiRoutes = typeof apiRoutes;

/** The OpenAPI 3.1 document of every operation. */
export function openApiDocument(): Record<string, unknown> {
  return buildApiDocument(apiRoutes as readonly AnyRoute[]);
}
