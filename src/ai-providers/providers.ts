import type { Config } from "../config";
import { boundedFetch } from "./bounded-fetch";
import { createGeminiProvider } from "./gemini";
import { createOpenAiCompatibleProvider } from "./openai-compatible";
import { createOpenRouterProvider } from "./openrouter";
import type { AiProviders, AiTiming } from "./provider";

/**
 * The real adapters, pointed at GEMINI_BASE_URL / OPENROUTER_BASE_URL (an `openai_compatible`
 * model names its own server). Nothing connects here:
 * SDK clients are made per key on first use. `timing` replaces real waiting in tests. Every SDK
 * fetches through `boundedFetch`: no redirect followed, no answer read past AI_MAX_OUTPUT_CHARS.
 */
export function createAiProviders(
  config: Pick<Config, "GEMINI_BASE_URL" | "OPENROUTER_BASE_URL" | "AI_MAX_OUTPUT_CHARS">,
  opts: { timing?: AiTiming } = {},
): AiProviders {
  const fetch = boundedFetch(config.AI_MAX_OUTPUT_CHARS);
  return {
    google_gemini: createGeminiProvider({ baseUrl: config.GEMINI_BASE_URL, fetch }),
    open_router: createOpenRouterProvider({ baseUrl: config.OPENROUTER_BASE_URL, fetch }),
    openai_compatible: createOpenAiCompatibleProvider({ fetch }),
    ...(opts.timing ? { timing: opts.timing } : {}),
  };
}
