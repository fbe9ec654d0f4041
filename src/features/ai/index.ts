/**
 * The ai feature (`/api/ai/**`) and the generation steps other features' generating endpoints
 * run (the model check, prepare, complete or stream, the SSE events and the `X-AI-Model`
 * header): what the rest of the app may use.
 */
export { activeModelExists } from "./ai.queries";
export { AI_MODEL_HEADER_SPEC, aiRoutes } from "./ai.routes";
export { chunkEventSchema, doneEventSchema, errorEventSchema } from "./ai.schemas";
export {
  type Generation,
  INVALID_MODEL,
  MODELS_CACHE_KEY,
  modelCheck,
  prepareGeneration,
  type RequestFacts,
} from "./ai.service";
export { completeGeneration, requestFacts, streamGeneration, wantsStream } from "./ai.stream";
