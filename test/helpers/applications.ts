import { desc, eq } from "drizzle-orm";
import { expect } from "vitest";
import { aiUsage } from "../../src/db/schema";
import type { TestContext } from "./deps";
import type { TestUser } from "./factories";

export const POSTING =
  "Acme is hiring a backend engineer. Requirements: Go, PostgreSQL, Kubernetes, 5+ years.";
export const RESUME_TEXT =
  "# Jane Doe\n\n## Experience\n- Backend engineer at Initech: Go services on PostgreSQL.\n";

/** Status and body together, so a failure shows both. */
export async function answer(res: Response): Promise<{ status: number; body: unknown }> {
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** One of the user's resumes, through the API. */
export async function createResume(
  t: TestContext,
  user: TestUser,
  fields: { title?: string; content?: string } = {},
): Promise<{ id: number; title: string }> {
  const res = await t.request("/api/resumes/", {
    method: "POST",
    token: user.token,
    json: { title: fields.title ?? "Backend CV", content: fields.content ?? RESUME_TEXT },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; title: string };
}

/** One of the user's applications, through the API (with a posting unless told otherwise). */
export async function createApplication(
  t: TestContext,
  user: TestUser,
  fields: Record<string, unknown> = {},
): Promise<{ id: number; resume_used: number | null; updated_at: string }> {
  const res = await t.request("/api/job-applications/", {
    method: "POST",
    token: user.token,
    json: {
      job_title: "Backend engineer",
      company_name: "Acme",
      original_job_description: POSTING,
      ...fields,
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; resume_used: number | null; updated_at: string };
}

/** A user's application with a resume linked as `resume_used`. */
export async function applicationWithResume(
  t: TestContext,
  user: TestUser,
  fields: Record<string, unknown> = {},
) {
  const resume = await createResume(t, user);
  const application = await createApplication(t, user, { resume_used: resume.id, ...fields });
  return { resume, application };
}

/** The ledger's rows of one model, oldest first. */
export async function ledger(t: TestContext, modelId: number) {
  const rows = await t.deps.database.db
    .select()
    .from(aiUsage)
    .where(eq(aiUsage.modelId, modelId))
    .orderBy(desc(aiUsage.id));
  return rows.reverse();
}

/** The user message of an OpenAI-style chat request body the fake received. */
export function chatMessages(body: unknown): { role: string; content: string }[] {
  return (body as { messages?: { role: string; content: string }[] }).messages ?? [];
}
