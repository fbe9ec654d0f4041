import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { checkTokenScope } from "../../../core/scopes";
import { aiWithModelScope } from "../../../core/throttle";
import { route } from "../../../route";
import {
  AI_MODEL_HEADER_SPEC,
  completeGeneration,
  GENERATION_ID_EXAMPLE,
  modelCheck,
  requestFacts,
} from "../../ai";
import { jobApplicationExample } from "../job-applications.routes";
import { toJobApplicationJson } from "../job-applications.serializers";
import {
  intakeBodySchema,
  intakeDraftSchema,
  intakeQuerySchema,
  intakeSavedSchema,
  matchBodySchema,
  matchResultSchema,
} from "./copilot.schemas";
import { completeDraft, matchApplication, prepareIntake, saveDraft } from "./copilot.service";

/** Under the applications' tag: these are operations on (or for) an application. */
const common = { tag: "job-applications", access: "bearer" } as const;

const draftExample = {
  job_title: "Backend Engineer",
  company_name: "Acme GmbH",
  original_job_description: "Build APIs.\n\n- TypeScript\n- PostgreSQL",
  location: "Berlin, DE",
  salary: "EUR 60,000 - 80,000 per year",
  source_url: "https://jobs.example.com/backend-engineer",
};

/** The application copilot: posting intake (a model optional) and the match score (no model). */
export const copilotRoutes = [
  // "intake" is never read as an `{id}`: mountRoutes mounts literal paths (their routes, then
  // their 405) before parameter ones, whatever the order of this list.
  route(
    {
      ...common,
      operationId: "intakeJobPosting",
      tokenScope: "applications:write",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/intake/",
      throttle: [aiWithModelScope],
      summary: "Read a job posting (text or a page's HTML) into a draft application",
      description:
        "A page is read for a schema.org `JobPosting` (JSON-LD) first, then its headings and " +
        "meta tags and its text; plain text for labelled lines (`Company:`, `Location:`, " +
        "`Salary:`), the first line as the title, `... at <Company>`. HTML is parsed, never " +
        "executed, and nothing is fetched. Limits: 500,000 characters of HTML, 100,000 of " +
        "text. Nothing is stored unless `?save=true`: then the draft becomes a new application " +
        "(status Applied; location, salary and source go into its notes). **With `model`**, " +
        "when the title, company, location or salary is still missing, the model reads the " +
        "posting's text (its first 20,000 characters, as data) and fills only those: what the " +
        "page says is never replaced, nor is the description. That call is one generation of " +
        "the model: the AI throttle (counted for every request with `model`), its daily limit " +
        "(429), 503 when the provider is unavailable (nothing saved, even with `save`), the " +
        "fallback model, and `X-AI-Model` naming the model that answered. An answer that is " +
        "not usable JSON leaves the draft as parsed. When the model was called, the answer " +
        "(draft or application) carries its `generation_id` (`GET /api/ai/generations/{id}/`). " +
        "Nothing missing: no model is called and no `generation_id` is given. No " +
        "streaming variant. A personal token needs `applications:write`, and `ai` too with `model`.",
      checks: { model: modelCheck },
      errors: [503],
      query: intakeQuerySchema,
      body: intakeBodySchema,
      bodyExample: { html: "<html>...</html>", source_url: "https://jobs.example.com/1" },
      responses: {
        200: {
          description: "The draft.",
          schema: intakeDraftSchema,
          headers: AI_MODEL_HEADER_SPEC,
          example: { ...draftExample, generation_id: GENERATION_ID_EXAMPLE },
        },
        201: {
          description: "With `?save=true`: the new application.",
          schema: intakeSavedSchema,
          headers: AI_MODEL_HEADER_SPEC,
          example: { ...jobApplicationExample, generation_id: GENERATION_ID_EXAMPLE },
        },
      },
    },
    async (c) => {
      // The one scope that depends on the body: reading a posting with a model is generation.
      if (c.req.valid("json").model !== undefined) checkTokenScope(c.get("personalToken"), "ai");
      const intake = await prepareIntake(c.env.deps, requestFacts(c), c.req.valid("json"));
      const read = intake.gen ? await completeGeneration(c, intake.gen) : undefined;
      const draft = read ? completeDraft(intake.draft, read.text) : intake.draft;
      // Only a posting the model read names a generation (its status and ledger row).
      const ref = read ? { generation_id: read.generationId } : {};
      if (!c.req.valid("query").save) return c.json({ ...draft, ...ref }, 200);
      const row = await saveDraft(c.env.deps, currentUser(c).id, draft);
      return c.json({ ...toJobApplicationJson(row), ...ref }, 201);
    },
  ),
  route(
    {
      ...common,
      operationId: "matchJobApplication",
      tokenScope: "applications:read",
      method: "post",
      path: "/api/job-applications/{id}/match/",
      params: idParams,
      summary: "How well a resume covers the application's posting (0-100, no AI)",
      description:
        "Keywords of the posting (skills with their aliases, repeated phrases, words; weighted " +
        "by section such as Requirements or Nice to have, and by frequency; at most 40) " +
        "searched in the resume, stemmed and case-insensitive. `resume` defaults to the " +
        "application's `resume_used`. Deterministic.",
      body: matchBodySchema,
      bodyExample: { resume: 12 },
      responses: {
        200: {
          description: "The score and the keywords found and missing, heaviest first.",
          schema: matchResultSchema,
          example: {
            score: 67,
            matched: [{ keyword: "PostgreSQL", weight: 4 }],
            missing: [{ keyword: "Kafka", weight: 2 }],
            resume_id: 12,
          },
        },
      },
    },
    async (c) => {
      const owned = { id: c.req.valid("param").id, userId: currentUser(c).id };
      return c.json(await matchApplication(c.get("reader"), owned, c.req.valid("json")));
    },
  ),
] as const;
