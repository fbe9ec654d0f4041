import type { OpenAI } from "openai";
import { chatCompletionsProvider } from "./chat-completions";
import { type AiProvider, ProviderError } from "./provider";
import { loadOpenAi } from "./sdk";

/** Base URLs come from model rows and keys from settings: few pairs; the bound guards misuse. */
const MAX_CLIENTS = 64;
/** The SDK wants some key; a keyless client sends none (its Authorization header is removed). */
const NO_KEY = "no-key";

/**
 * Any server speaking OpenAI's chat completions (Ollama, vLLM, LM Studio) at the model's own base
 * URL, e.g. `http://localhost:11434/v1`. A key is optional: without one no Authorization header
 * is sent. One SDK client per (base URL, key), made on first use; nothing is read from the
 * environment (the SDK would otherwise pick up OPENAI_* variables and send them to this server).
 */
export function createOpenAiCompatibleProvider(opts: { fetch?: typeof fetch } = {}): AiProvider {
  const clients = new Map<string, OpenAI>();
  return chatCompletionsProvider(async ({ baseUrl, apiKey }) => {
    if (!baseUrl) throw new ProviderError("unconfigured");
    const id = `${baseUrl}\n${apiKey}`;
    let c = clients.get(id);
    if (!c) {
      const { OpenAI } = await loadOpenAi();
      if (clients.size >= MAX_CLIENTS) clients.clear();
      c = new OpenAI({
        apiKey: apiKey || NO_KEY,
        baseURL: baseUrl,
        organization: null,
        project: null,
        maxRetries: 0,
        defaultHeaders: apiKey ? {} : { Authorization: null },
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
      clients.set(id, c);
    }
    return c;
  });
}
