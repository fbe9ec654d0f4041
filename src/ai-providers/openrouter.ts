import type { OpenAI } from "openai";
import { chatCompletionsProvider } from "./chat-completions";
import type { AiProvider } from "./provider";
import { loadOpenAi } from "./sdk";

/**
 * OpenRouter through the `openai` SDK (its chat completions API is OpenAI's). One client per key,
 * made on first use; the SDK's retries are off and its timeout is left to resilience.ts.
 */
export function createOpenRouterProvider(opts: {
  baseUrl: string;
  fetch?: typeof fetch;
}): AiProvider {
  const clients = new Map<string, OpenAI>();
  return chatCompletionsProvider(async ({ apiKey }) => {
    let c = clients.get(apiKey);
    if (!c) {
      const { OpenAI } = await loadOpenAi();
      c = new OpenAI({
        apiKey,
        baseURL: opts.baseUrl,
        // The SDK would read OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment on Node and
        // send them to OpenRouter: nothing of ours reaches a provider but the model's own key.
        organization: null,
        project: null,
        maxRetries: 0,
        defaultHeaders: { "X-Title": "ResuMate" },
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
      clients.set(apiKey, c);
    }
    return c;
  });
}
