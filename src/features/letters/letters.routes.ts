import type { z } from "zod";
import { currentUser } from "../../core/auth";
import { parseId } from "../../core/http";
import { type RouteContext, type RouteSpec, route } from "../../route";
import { modelCheck } from "../ai/ai.service";
import { completeGeneration, streamGeneration, wantsStream } from "../ai/ai.stream";
import { coverLetterExample } from "../cover-letters/cover-letters.routes";
import { coverLetterSchema } from "../cover-letters/cover-letters.schemas";
import { toCoverLetterJson } from "../cover-letters/cover-letters.serializers";
import { getCoverLetter } from "../cover-letters/cover-letters.service";
import { coverLetterEventsSchemas, coverLetterRequestSchema } from "./letters.schemas";
import { prepareCoverLetter } from "./letters.service";

const base = "/api/job-applications/{id}/";
const common = { tag: "copilot", access: "bearer", errors: [503] } as const;
const streaming =
  "Same daily limit, throttles and 429/503 answers as `POST /api/ai/generate/`; sign-in is " +
  "required whatever the model says. **Streaming**: `Accept: text/event-stream` answers 200 " +
  "with `chunk` events, then `done` once saved (or `error`, nothing saved). ";

/** The application of the path and the signed-in caller, as an owner-scoped key. */
type ItemContext = RouteContext<RouteSpec & { path: `${typeof base}${string}` }>;
const owned = (c: ItemContext) => ({ id: parseId(c.req.param("id")), userId: currentUser(c).id });
const facts = (c: ItemContext) => ({
  user: c.get("user"),
  clientIp: c.get("clientIp"),
  logger: c.get("logger"),
});

const sse = (example: string, events: Record<string, z.ZodType>) => ({
  description: "The streamed variant (`Accept: text/event-stream`).",
  alternatives: {
    "text/event-stream": { description: "chunk*, then done or error.", example, events },
  },
});

/** AI writing for one application: a cover letter (a tailored resume follows). */
export const letterRoutes = [
  route(
    {
      ...common,
      operationId: "writeCoverLetter",
      method: "post",
      path: `${base}cover-letter/`,
      summary: "Write a cover letter for an application (saved; stream with text/event-stream)",
      description:
        `${streaming}\`done\` carries the letter's \`id\`. The posting and the resume ` +
        "(`resume`, default the application's `resume_used`) must be the caller's (404 otherwise).",
      body: coverLetterRequestSchema,
      checks: { model: modelCheck },
      bodyExample: { model: "Deepseek", resume: 12 },
      responses: {
        200: sse(
          'event: chunk\ndata: {"text":"Dear Hiring Manager,"}\n\nevent: done\ndata: {"id":5}\n',
          coverLetterEventsSchemas,
        ),
        201: {
          description: "Written and saved.",
          schema: coverLetterSchema,
          example: coverLetterExample,
        },
      },
    },
    async (c) => {
      const key = owned(c);
      const gen = await prepareCoverLetter(c.env.deps, facts(c), key, c.req.valid("json"));
      if (wantsStream(c)) return streamGeneration(c, gen);
      const saved = await completeGeneration(c, gen);
      const row = await getCoverLetter(c.env.deps.database.db, { ...key, id: saved.id });
      return c.json(toCoverLetterJson(row), 201);
    },
  ),
] as const;
