import { readFileSync } from "node:fs";
import { APPLICATION, api, type BenchUser, createUser, GENERATE, PASSWORD } from "./api-client";
import { benchPosting, benchResume } from "./match-texts";

/** The endpoints the bench loads, built from the users it created through the API. */
export interface Scenario {
  key: string;
  name: string;
  target: "api" | "baseline";
  path: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  /** Why it cannot run (e.g. "skipped (404)"); set by `probeScenarios`. */
  skipped?: string;
}

export interface Fixtures {
  lister: BenchUser | null;
  creator: BenchUser | null;
  /** The creator's application with a 20,000-character posting and a two-page resume. */
  matchApplication: number | null;
  /** The lister's 2-page resume (test/fixtures/documents/resume-2-pages.md), for the exports. */
  resumeId: number | null;
  notes: string[];
}

const TWO_PAGE_RESUME = new URL("../../test/fixtures/documents/resume-2-pages.md", import.meta.url);

/** An application whose posting and resume the match score reads (null: not created). */
async function createMatchApplication(base: string, user: BenchUser): Promise<number | null> {
  const resume = await api(base, "POST", "/api/resumes/", {
    json: { title: "Bench resume", content: benchResume() },
    token: user.access,
  });
  const resumeId = (resume.body as { id?: unknown }).id;
  if (resume.status !== 201 || typeof resumeId !== "number") return null;
  const app = await api(base, "POST", "/api/job-applications/", {
    json: { ...APPLICATION, original_job_description: benchPosting(), resume_used: resumeId },
    token: user.access,
  });
  const id = (app.body as { id?: unknown }).id;
  return app.status === 201 && typeof id === "number" ? id : null;
}

const JSON_HEADERS = { "content-type": "application/json" };
const bearer = (u: BenchUser | null): Record<string, string> =>
  u ? { authorization: `Bearer ${u.access}` } : {};

/** One user with exactly 20 applications (listed), one who receives the creates. */
export async function createFixtures(base: string): Promise<Fixtures> {
  const notes: string[] = [];
  const lister = await createUser(base, "bench_list");
  if (!lister) notes.push("auth endpoints unavailable: authenticated scenarios skipped");
  if (lister) {
    for (let i = 0; i < 20; i++) {
      const res = await api(base, "POST", "/api/job-applications/", {
        json: { ...APPLICATION, job_title: `Engineer ${i}` },
        token: lister.access,
      });
      if (res.status !== 201) {
        notes.push(`creating applications answered ${res.status}`);
        break;
      }
    }
  }
  const creator = lister ? await createUser(base, "bench_create") : null;
  // The creator's, so that the lister keeps exactly 20.
  const matchApplication = creator ? await createMatchApplication(base, creator) : null;
  const resume = lister
    ? await api(base, "POST", "/api/resumes/", {
        json: { title: "Alice Müller", content: readFileSync(TWO_PAGE_RESUME, "utf8") },
        token: lister.access,
      })
    : null;
  const resumeId = resume?.status === 201 ? (resume.body as { id: number }).id : null;
  return { lister, creator, matchApplication, resumeId, notes };
}

export function buildScenarios(fx: Fixtures): Scenario[] {
  const get = (key: string, name: string, path: string, headers = {}): Scenario => ({
    key,
    name,
    target: "api",
    path,
    method: "GET",
    headers,
  });
  const post = (
    key: string,
    name: string,
    path: string,
    body: unknown,
    headers = {},
  ): Scenario => ({
    key,
    name,
    target: "api",
    path,
    method: "POST",
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  return [
    { ...get("baseline", "baseline (bare Hono, static JSON)", "/static"), target: "baseline" },
    {
      ...get("baseline_headers", "baseline + the API's response headers", "/static-headers"),
      target: "baseline",
    },
    get("models", "GET /api/ai/models/ (cached)", "/api/ai/models/"),
    get("examples", "GET /api/example-job-applications/", "/api/example-job-applications/"),
    get(
      "list",
      "GET /api/job-applications/ (20, auth)",
      "/api/job-applications/",
      bearer(fx.lister),
    ),
    {
      ...get(
        "floor_list",
        "floor: the list's two statements, bare",
        `/floor/list?user=${fx.lister?.id}`,
      ),
      target: "baseline",
    },
    post(
      "create",
      "POST /api/job-applications/",
      "/api/job-applications/",
      APPLICATION,
      bearer(fx.creator),
    ),
    {
      ...post(
        "floor_create",
        "floor: the create's two statements, bare",
        `/floor/create?user=${fx.creator?.id}`,
        APPLICATION,
      ),
      target: "baseline",
    },
    post(
      "match",
      "POST /api/job-applications/{id}/match/ (20k)",
      `/api/job-applications/${fx.matchApplication ?? 0}/match/`,
      {},
      bearer(fx.creator),
    ),
    get(
      "export_docx",
      "GET /api/resumes/{id}/export/?format=docx (2 pages)",
      `/api/resumes/${fx.resumeId}/export/?format=docx`,
      bearer(fx.lister),
    ),
    get(
      "export_pdf",
      "GET /api/resumes/{id}/export/?format=pdf (2 pages)",
      `/api/resumes/${fx.resumeId}/export/?format=pdf`,
      bearer(fx.lister),
    ),
    post("generate", "POST /api/ai/generate/ (provider 200 ms)", "/api/ai/generate/", GENERATE),
    post("login", "POST /api/auth/token/", "/api/auth/token/", {
      username: fx.lister?.username ?? "nobody",
      password: PASSWORD,
    }),
  ];
}

/** One request per scenario: anything but 2xx marks it skipped, so a missing feature never crashes. */
export async function probeScenarios(
  scenarios: Scenario[],
  urls: { api: string; baseline: string },
  fx: Fixtures,
) {
  for (const s of scenarios) {
    const signedIn = [
      ...["list", "create", "login", "floor_list", "floor_create", "match"],
      ...["export_docx", "export_pdf"],
    ];
    if (signedIn.includes(s.key) && !fx.lister) {
      s.skipped = "skipped (no auth)";
      continue;
    }
    const res = await fetch(`${urls[s.target]}${s.path}`, {
      method: s.method,
      headers: s.headers,
      body: s.body,
      signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer();
    if (res.status < 200 || res.status > 299) s.skipped = `skipped (${res.status})`;
  }
}
