import { OpenAI } from "openai";
import { classifyError } from "./classify";
import type { AiProvider, GenerateRequest, GenerateResult } from "./provider";
import { ProviderError } from "./provider";

const messages = (req: GenerateRequest) =>
  [
    { role: "system", content: req.system },
    { role: "user", content: req.user },
  ] as const;

function usage(u: { prompt_tokens?: number; completion_tokens?: number } | null | undefined) {
  return { promptTokens: u?.prompt_tokens, completionTokens: u?.completion_tokens };
}

/**
 * OpenRouter through the `openai` SDK (its chat completions API is OpenAI's). One client per key,
 * made on first use; the SDK's retries are off and its timeout is left to resilience.ts.
 */
export function createOpenRouterProvider(opts: { baseUrl: string }): AiProvider {
  const clients = new Map<string, OpenAI>();
  const client = (apiKey: string) => {
    let c = clients.get(apiKey);
    if (!c) {
      c = new OpenAI({
        apiKey,
        baseURL: opts.baseUrl,
        maxRetries: 0,
        defaultHeaders: { "X-Title": "ResuMate" },
      });
      clients.set(apiKey, c);
    }
    return c;
  };

  return {
    async generate(req) {
      try {
        const res = await client(req.apiKey).chat.completions.create(
          {
            model: req.model,
            messages: [...messages(req)],
            max_tokens: req.maxOutputTokens,
          },
          { signal: req.signal },
        );
        const text = res.choices[0]?.message?.content ?? "";
        if (!text) throw new ProviderError("empty");
        return { text, ...usage(res.usage) };
      } catch (err) {
        throw classifyError(err, req.signal);
      }
    },
    async *stream(req): AsyncGenerator<string, GenerateResult | undefined> {
      let last: GenerateResult | undefined;
      try {
        const stream = await client(req.apiKey).chat.completions.create(
          {
            model: req.model,
            messages: [...messages(req)],
            max_tokens: req.maxOutputTokens,
            stream: true,
            stream_options: { include_usage: true },
          },
          { signal: req.signal },
        );
        for await (const chunk of stream) {
          if (chunk.usage) last = { text: "", ...usage(chunk.usage) };
          const text = chunk.choices[0]?.delta?.content;
          if (text) yield text;
        }
      } catch (err) {
        throw classifyError(err, req.signal);
      }
      return last;
    },
  };
}
