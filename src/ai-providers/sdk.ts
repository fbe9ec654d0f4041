import { loadOnce } from "../core/lazy";

/**
 * The providers' SDKs load with the first call that needs them, not with the app: `@google/genai`
 * and `openai` are ~1.3 MB of modules that every cold Worker isolate (and every Node start) would
 * otherwise evaluate for the few requests that generate (BENCHMARKS.md #26).
 */
export const loadGenAi = loadOnce(() => import("@google/genai"));
export const loadOpenAi = loadOnce(() => import("openai"));
