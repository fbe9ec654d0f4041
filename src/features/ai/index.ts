/**
 * The AI feature's public face: the generation module that generating endpoints plug into.
 * A new one prepares a generation with its own prompt and save target (`SaveTarget`, the row it
 * writes, in its own folder), then answers with `completeGeneration` (JSON) or
 * `streamGeneration` (SSE); its route documents `generationStreamResponse` and
 * `AI_MODEL_HEADER_SPEC`, and checks `model` with `modelCheck`.
 */
export { activeModelExists } from "./ai.queries";
export { AI_MODEL_HEADER_SPEC, generationStreamResponse } from "./ai.responses";
export { aiRoutes } from "./ai.routes";
export {
  chunkEventSchema,
  doneEventSchema,
  errorEventSchema,
  GENERATION_ID_EXAMPLE,
  generationIdSchema,
} from "./ai.schemas";
export {
  type Generation,
  INVALID_MODEL,
  MODELS_CACHE_KEY,
  modelCheck,
  prepareGeneration,
  type RequestFacts,
} from "./ai.service";
export { completeGeneration, requestFacts, streamGeneration, wantsStream } from "./ai.stream";
export { saveNothing } from "./ai.target";
export { generationRoutes } from "./generations.routes";
