import type { Hono } from "hono";
import type { AppEnv } from "../core/types";
import { openapiRoutes } from "../openapi/openapi.routes";
import { adminRoutes } from "./admin/admin.routes";
import { aiRoutes } from "./ai/ai.routes";
import { authRoutes } from "./auth/auth.routes";
import { examplesRoutes } from "./examples/examples.routes";
import { jobApplicationsRoutes } from "./job-applications/job-applications.routes";
import { opsRoutes } from "./ops/ops.routes";
import { resumesRoutes } from "./resumes/resumes.routes";

/** Every feature router and the base path it is mounted at (one line per feature). */
export const features: ReadonlyArray<readonly [string, Hono<AppEnv>]> = [
  ["/", opsRoutes],
  ["/api", openapiRoutes],
  ["/api/auth", authRoutes],
  ["/api/resumes", resumesRoutes],
  ["/api/job-applications", jobApplicationsRoutes],
  ["/api/example-job-applications", examplesRoutes],
  ["/api/ai", aiRoutes],
  ["/api/admin/ai-models", adminRoutes],
];
