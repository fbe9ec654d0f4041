import type { z } from "zod";
import type { ResponseSpec } from "../../route";
import { AI_MODEL_HEADER } from "./ai.serializers";

/** `X-AI-Model` as every AI answer documents it (CORS exposes it from here, see route.ts). */
export const AI_MODEL_HEADER_SPEC = {
  [AI_MODEL_HEADER]: {
    description:
      "Display name of the model that served the answer (a fallback's when it took over); " +
      "percent-encoded when not printable ASCII. On a stream, absent when no model answered.",
  },
} as const;

/**
 * The SSE variant (`Accept: text/event-stream`) of a generating endpoint, documented as its
 * 200: `chunk` events, then `done` or `error`, each with its `id: <generation_id>:<n>`.
 */
export const generationStreamResponse = (
  example: string,
  events: Readonly<Record<string, z.ZodType>>,
): ResponseSpec => ({
  description: "The streamed variant (`Accept: text/event-stream`).",
  headers: AI_MODEL_HEADER_SPEC,
  alternatives: {
    "text/event-stream": {
      description:
        "Server-sent events: chunk*, then done or error; each with `id: <generation_id>:<n>` " +
        "(resume with `GET /api/ai/generations/{id}/stream/` and `Last-Event-ID`).",
      example,
      events,
    },
  },
});
