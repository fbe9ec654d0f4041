import type { AnyRoute } from "../route";
import { adminRoutes } from "./admin/admin.routes";
import { aiRoutes } from "./ai/ai.routes";
import { authRoutes } from "./auth/auth.routes";
import { coverLetterRoutes } from "./cover-letters/cover-letters.routes";
import { exampleRoutes } from "./examples/examples.routes";
import { copilotRoutes } from "./job-applications/copilot/copilot.routes";
import { jobApplicationRoutes } from "./job-applications/job-applications.routes";
import { writingRoutes } from "./job-applications/writing/writing.routes";
import { mcpRoutes } from "./mcp/mcp.routes";
import { buildApiDocument } from "./openapi";
import { docsRoutes } from "./ops/docs.routes";
import { opsRoutes } from "./ops/ops.routes";
import type { ApiCatalog } from "./ops/ops.service";
import { resumeFileRoutes } from "./resumes/files/files.routes";
import { resumeRoutes } from "./resumes/resumes.routes";
import { sharedPageRoutes } from "./resumes/shares/shared-page.routes";
import { shareRoutes } from "./resumes/shares/shares.routes";
import { trashRoutes } from "./resumes/trash/trash.routes";
import { versionRoutes } from "./resumes/versions/versions.routes";

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
  ...resumeFileRoutes,
  ...resumeRoutes,
  ...versionRoutes,
  ...shareRoutes,
  ...jobApplicationRoutes,
  ...copilotRoutes,
  ...writingRoutes,
  ...coverLetterRoutes,
  ...exampleRoutes,
  ...aiRoutes,
  ...adminRoutes,
  ...docsRoutes(catalog),
  ...sharedPageRoutes,
  ...mcpRoutes(catalog),
] as const;

export type ApiRoutes = typeof apiRoutes;

/** The OpenAPI 3.1 document of every operation. */
export function openApiDocument(): Record<string, unknown> {
  return buildApiDocument(apiRoutes as readonly AnyRoute[]);
}
