import { currentUser } from "../../../core/auth";
import { idParams } from "../../../core/http";
import { aiScope } from "../../../core/throttle";
import { type RouteContext, type RouteSpec, route } from "../../../route";
import {
  AI_MODEL_HEADER_SPEC,
  completeGeneration,
  GENERATION_ID_EXAMPLE,
  generationStreamResponse,
  modelCheck,
  requestFacts,
  streamGeneration,
  wantsStream,
} from "../../ai";
import { coverLetterExample, getCoverLetter, toCoverLetterJson } from "../../cover-letters";
import {
  coverLetterEventsSchemas,
  coverLetterRequestSchema,
  tailorEventsSchemas,
  tailorRequestSchema,
  tailorResponseSchema,
  writtenCoverLetterSchema,
} from "./writing.schemas";
import { prepareCoverLetter, prepareTailor, tailorMatch } from "./writing.service";

/** Under the applications' tag, as the copilot's match and intake: operations on an application. */
const common = { tag: "job-applications", access: "bearer", errors: [503] } as const;
const streaming =
  "Same daily limit, throttles, fallback model and 429/503 answers as `POST /api/ai/generate/`; " +
  "sign-in is required whatever the model says. `X-AI-Model` names the model that served it. " +
  "**Streaming**: `Accept: text/event-stream` answers 200 with `chunk` events, then `done` " +
  "once saved (with `model`), or `error` (nothing saved). ";

/** The application of the path and the signed-in caller, as an owner-scoped key. */
type ItemContext = RouteContext<
  RouteSpec & { path: `/api/job-applications/{id}/${string}`; params: typeof idParams }
>;
const owned = (c: ItemContext) => ({ id: c.req.valid("param").id, userId: currentUser(c).id });

const sse = generationStreamResponse;

/** AI writing for one application: a tailored resume, a cover letter. */
export const writingRoutes = [
  route(
    {
      ...common,
      operationId: "tailorResume",
      tokenScope: "ai",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/{id}/tailor/",
      params: idParams,
      throttle: [aiScope],
      summary: "Tailor a resume to an application's posting (saved as a new resume of yours)",
      description:
        `${streaming}\`done\` carries the new \`resume_id\`. The source is \`resume\` (default: ` +
        "the application's `resume_used`); both must be the caller's (404 otherwise). The copy " +
        "is titled `title` (default: the source's title and the company) and becomes the " +
        "application's `resume_used`. `match`: the match score (0-100, as `match/` computes it) " +
        "of the source and of the tailored resume against the posting.",
      body: tailorRequestSchema,
      checks: { model: modelCheck },
      bodyExample: { model: "Deepseek", resume: 12, title: "Backend CV — Acme" },
      responses: {
        200: sse(
          `event: chunk\ndata: {"text":"# Jane Doe"}\n\nevent: done\ndata: {"resume_id":43,"model":"Deepseek","generation_id":"${GENERATION_ID_EXAMPLE}"}\n`,
          tailorEventsSchemas,
        ),
        201: {
          description: "Tailored and saved; the application's resume_used is the new resume.",
          schema: tailorResponseSchema,
          headers: AI_MODEL_HEADER_SPEC,
          example: {
            resume_id: 43,
            content: "# Jane Doe\n\n## Experience\n...",
            match: { before: 41, after: 78 },
            generation_id: GENERATION_ID_EXAMPLE,
          },
        },
      },
    },
    async (c) => {
      const tailor = await prepareTailor(
        c.env.deps,
        requestFacts(c),
        owned(c),
        c.req.valid("json"),
      );
      if (wantsStream(c)) return streamGeneration(c, tailor.gen);
      // Scored before the copy is saved: nothing is saved that the answer cannot give.
      let match = { before: 0, after: 0 };
      const saved = await completeGeneration(c, tailor.gen, (text) => {
        match = tailorMatch(tailor, text);
      });
      return c.json(
        { resume_id: saved.id, content: saved.text, match, generation_id: saved.generationId },
        201,
      );
    },
  ),
  route(
    {
      ...common,
      operationId: "writeCoverLetter",
      tokenScope: "ai",
      idempotent: true,
      method: "post",
      path: "/api/job-applications/{id}/cover-letter/",
      params: idParams,
      throttle: [aiScope],
      summary: "Write a cover letter for an application (saved; stream with text/event-stream)",
      description:
        `${streaming}\`done\` carries the letter's \`id\`. The posting and the resume ` +
        "(`resume`, default the application's `resume_used`) must be the caller's (404 otherwise).",
      body: coverLetterRequestSchema,
      checks: { model: modelCheck },
      bodyExample: { model: "Deepseek", resume: 12 },
      responses: {
        200: sse(
          `event: chunk\ndata: {"text":"Dear Hiring Manager,"}\n\nevent: done\ndata: {"id":5,"model":"Deepseek","generation_id":"${GENERATION_ID_EXAMPLE}"}\n`,
          coverLetterEventsSchemas,
        ),
        201: {
          description: "Written and saved.",
          schema: writtenCoverLetterSchema,
          headers: AI_MODEL_HEADER_SPEC,
          example: { ...coverLetterExample, generation_id: GENERATION_ID_EXAMPLE },
        },
      },
    },
    async (c) => {
      const key = owned(c);
      const gen = await prepareCoverLetter(c.env.deps, requestFacts(c), key, c.req.valid("json"));
      if (wantsStream(c)) return streamGeneration(c, gen);
      const saved = await completeGeneration(c, gen);
      const row = await getCoverLetter(c.env.deps.database.db, { ...key, id: saved.id });
      return c.json({ ...toCoverLetterJson(row), generation_id: saved.generationId }, 201);
    },
  ),
] as const;
