import type { AiProvider, AiProviders } from "./provider";
import { ProviderError } from "./provider";

/** Placeholder until real providers are configured: every call fails as "unavailable" (never retried). */
const unavailable: AiProvider = {
  async generate() {
    throw new ProviderError("unconfigured");
  },
  // biome-ignore lint/correctness/useYield: fails before yielding anything
  async *stream() {
    throw new ProviderError("unconfigured");
  },
};

export const unavailableProviders: AiProviders = {
  google_gemini: unavailable,
  open_router: unavailable,
  openai_compatible: unavailable,
};
