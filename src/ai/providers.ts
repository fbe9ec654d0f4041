import type { Config } from "../config";
import { createGeminiProvider } from "./gemini";
import { createOpenAiCompatibleProvider } from "./openai-compatible";
import { createOpenRouterProvider } from "./openrouter";
import type { AiProviders, AiTiming } from "./provider";

/**
 * The real adapters, pointed at GEMINI_BASE_URL / OPENROUTER_BASE_URL (an `openai_compatible`
 * model names its own server). Nothing connects here:
 * SDK clients are made per key on first use. `timing` replaces real waiting in tests.
 */
export function createAiProviders(
  config: Pick<Config, "GEMINI_BASE_URL" | "OPENROUTER_BASE_URL">,
  opts: { timing?: AiTiming } = {},
): AiProviders {
  return {
    google_gemini: createGeminiProvider({ baseUrl: config.GEMINI_BASE_URL }),
    open_router: createOpenRouterProvider({ baseUrl: config.OPENROUTER_BASE_URL }),
    openai_compatible: createOpenAiCompatibleProvider(),
    ...(opts.timing ? { timing: opts.timing } : {}),
  };
}
