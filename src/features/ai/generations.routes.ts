import { ApiError } from "../../core/errors";
import { detailErrorSchema } from "../../openapi/errors.schemas";
import { route } from "../../route";
import { CANCELLED_MESSAGE, lastEventNumber } from "./ai.events";
import { localJob } from "./ai.jobs";
import { AI_MODEL_HEADER_SPEC } from "./ai.responses";
import { GENERATION_ID_EXAMPLE } from "./ai.schemas";
import { AI_MODEL_HEADER, aiModelHeader } from "./ai.serializers";
import { sseResponse, writeEvents } from "./ai.stream";
import { generationParams, generationSchema, replayEventsSchemas } from "./generations.schemas";
import {
  alreadyFinished,
  cancelGeneration,
  findGeneration,
  generationEvents,
  toGenerationJson,
} from "./generations.service";

const tag = "ai";
const owner =
  "A signed-in caller's generation is theirs alone (another user, or no token: 404); an " +
  "anonymous one is read with its id. Kept at least 10 minutes after it ended.";
const id = GENERATION_ID_EXAMPLE;

/** A generation's status, its events again (resumable) and its cancel. */
export const generationRoutes = [
  route(
    {
      operationId: "getGeneration",
      method: "get",
      path: "/api/ai/generations/{id}/",
      params: generationParams,
      tag,
      summary: "A generation's status (running, done, failed, cancelled) and what it saved",
      description: owner,
      access: "public",
      responses: {
        200: {
          description: "The generation.",
          schema: generationSchema,
          example: {
            id,
            status: "done",
            model: "Deepseek",
            kind: "generate",
            resume_id: 42,
            cover_letter_id: null,
            created_at: "2026-01-15T10:30:00.123456Z",
            finished_at: "2026-01-15T10:30:21.654321Z",
          },
        },
      },
    },
    async (c) => {
      const { deps } = c.env;
      return c.json(
        toGenerationJson(await findGeneration(deps, c.get("user"), c.req.valid("param").id)),
      );
    },
  ),
  route(
    {
      operationId: "streamGeneration",
      method: "get",
      path: "/api/ai/generations/{id}/stream/",
      params: generationParams,
      tag,
      summary: "A generation's events again: after Last-Event-ID, then live until done or error",
      description:
        `${owner} Send \`Last-Event-ID: <generation_id>:<n>\` (the \`id:\` of the last event ` +
        "you have) to get the events after it; without it, all of them. Then the live ones " +
        "until `done` or `error`, as the generating request streams them (`error` says " +
        `"${CANCELLED_MESSAGE}" after a cancel). A Last-Event-ID of another form is a 400.`,
      access: "public",
      responses: {
        200: {
          description: "Server-sent events (the body is `text/event-stream`).",
          headers: AI_MODEL_HEADER_SPEC,
          alternatives: {
            "text/event-stream": {
              description:
                "chunk*, then done or error; every event with `id: <generation_id>:<n>`.",
              example: `id: ${id}:3\nevent: chunk\ndata: {"text":"## Skills\\n"}\n\nid: ${id}:4\nevent: done\ndata: {"resume_id":42,"model":"Deepseek","generation_id":"${id}"}\n`,
              events: replayEventsSchemas,
            },
          },
        },
      },
    },
    async (c) => {
      const { deps } = c.env;
      const gid = c.req.valid("param").id;
      const record = await findGeneration(deps, c.get("user"), gid);
      const after = lastEventNumber(c.req.header("last-event-id"), gid);
      if (after === undefined) {
        throw new ApiError(400, { detail: "Last-Event-ID must be <generation_id>:<n>." });
      }
      const res = sseResponse(c, (stream, signal) =>
        writeEvents(stream, gid, generationEvents(deps, gid, after, signal)),
      );
      const job = localJob(deps, gid);
      const model = job ? await job.served : record.status === "done" ? record.model : undefined;
      if (model) res.headers.set(AI_MODEL_HEADER, aiModelHeader(model));
      return res;
    },
  ),
  route(
    {
      operationId: "cancelGeneration",
      method: "delete",
      path: "/api/ai/generations/{id}/",
      params: generationParams,
      tag,
      summary: "Cancel a running generation: the provider call is aborted, nothing is saved",
      description:
        `${owner} The daily-limit slot is given back and the ledger says cancelled; its ` +
        "stream ends with an `error` event. 409 when it finished first; cancelling a cancelled " +
        "one again is a 204.",
      access: "public",
      responses: {
        204: { description: "Cancelled." },
        409: {
          description: "It finished before the cancel reached it.",
          schema: detailErrorSchema,
          example: alreadyFinished().body,
        },
      },
    },
    async (c) => {
      const { deps } = c.env;
      const record = await findGeneration(deps, c.get("user"), c.req.valid("param").id);
      await cancelGeneration(deps, record);
      return c.body(null, 204);
    },
  ),
] as const;
