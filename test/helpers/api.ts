import { expect } from "vitest";
import type { TestContext } from "./deps";
import type { TestUser } from "./factories";

/**
 * The app tests' shared helpers: a response's status and body together, and the resources most
 * tests start from (a resume, an application), made through the API so the rules apply. Every
 * response has already been checked against the OpenAPI document by `t.request`.
 */

export const POSTING =
  "Acme is hiring a backend engineer. Requirements: Go, PostgreSQL, Kubernetes, 5+ years.";
export const RESUME_TEXT =
  "# Jane Doe\n\n## Experience\n- Backend engineer at Initech: Go services on PostgreSQL.\n";

/** Status and body together, so a failure shows both. */
export async function answer(res: Response): Promise<{ status: number; body: unknown }> {
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/**
 * Asserts the status (and the body, when given: equal, or matching when `match`) in one
 * expectation, so a failure shows both; returns the body.
 */
export async function expectAnswer<T = unknown>(
  res: Response,
  status: number,
  body?: unknown,
  opts: { match?: boolean } = {},
): Promise<T> {
  const got = await answer(res);
  if (body === undefined) expect({ status: got.status, body: got.body }).toMatchObject({ status });
  else if (opts.match) expect(got).toMatchObject({ status, body });
  else expect(got).toEqual({ status, body });
  return got.body as T;
}

/** A resume as the API answers it. */
export interface ResumeJson {
  id: number;
  user: string;
  title: string;
  content: string;
  created_at: string;
  updated_at: string;
}

/** One of the user's resumes, through the API (201 asserted, with the body on failure). */
export async function createResume(
  t: TestContext,
  user: TestUser,
  fields: { title?: string; content?: string } = {},
): Promise<ResumeJson> {
  const res = await t.request("/api/resumes/", {
    method: "POST",
    token: user.token,
    json: { title: fields.title ?? "Backend CV", content: fields.content ?? RESUME_TEXT },
  });
  return expectAnswer<ResumeJson>(res, 201);
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
  return expectAnswer<{ id: number; resume_used: number | null; updated_at: string }>(res, 201);
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
