import { buildOpenApiDocument } from "../openapi/document";
import { ERROR_COMPONENTS } from "../openapi/errors.schemas";
import type { ComponentSchema, JsonSchema } from "../openapi/json-schema";
import type { AnyRoute } from "../route";
import { aiModelSchema } from "./admin";
import { coverLetterSchema } from "./cover-letters";
import { jobApplicationSchema } from "./job-applications";
import { resumeSchema } from "./resumes";

const components: ComponentSchema[] = [
  ...ERROR_COMPONENTS,
  { id: "Resume", schema: resumeSchema },
  { id: "JobApplication", schema: jobApplicationSchema },
  { id: "AiModel", schema: aiModelSchema },
  { id: "CoverLetter", schema: coverLetterSchema },
];

const tags = [
  { name: "auth", description: "Accounts and simplejwt-compatible tokens." },
  { name: "resumes", description: "Your resumes (markdown)." },
  {
    name: "documents",
    description: "Resumes as files (Markdown, DOCX, PDF, JSON Resume) and JSON Resume imports.",
  },
  { name: "job-applications", description: "Your job-application tracker (soft delete)." },
  { name: "cover-letters", description: "Your cover letters (written for an application)." },
  { name: "interviews", description: "Interviews of your applications." },
  { name: "reminders", description: "Reminders with due dates on your applications." },
  { name: "contacts", description: "People you met, linked to your applications." },
  { name: "calendar", description: "A secret iCalendar feed of your interviews and reminders." },
  { name: "examples", description: "Public example applications for landing pages." },
  { name: "ai", description: "AI models and resume generation (plain or streamed)." },
  { name: "admin", description: "Staff only: AI model configuration." },
  { name: "shared", description: "Public read-only links to a resume (JSON and an HTML page)." },
  { name: "mcp", description: "Model Context Protocol: the API's operations as an agent's tools." },
  { name: "ops", description: "Health, readiness, API root, this document and its reference." },
];

const description = `The ResuMate API: accounts, resumes, AI resume generation and a job-application
tracker. The wire format is Django REST Framework's (errors included), so existing clients work.

- Every path works with and without the trailing slash.
- Authenticate with \`Authorization: Bearer <access>\` from \`POST /api/auth/token/\`; refresh it
  with \`POST /api/auth/token/refresh/\` when a call answers 401.
- Errors: \`{"field": ["message"]}\` (400), \`{"detail": "..."}\` otherwise; \`{"error": "..."}\` for
  an unavailable AI provider (503). A known path with another method answers 405 with \`Allow\`.
- Every response carries \`X-Request-ID\`.`;

/** The OpenAPI document of these routes (deterministic; the docs route builds it once). */
export function buildApiDocument(routes: readonly AnyRoute[]): JsonSchema {
  return buildOpenApiDocument({ routes, components, tags, description });
}
