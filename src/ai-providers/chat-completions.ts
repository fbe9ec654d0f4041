import type { OpenAI } from "openai";
import { classifyError } from "./classify";
import type { AiProvider, GenerateRequest, GenerateResult } from "./provider";
import { ProviderError } from "./provider";
import { loadOpenAi } from "./sdk";

const messages = (req: GenerateRequest) =>
  [
    { role: "system", content: req.system },
    { role: "user", content: req.user },
  ] as const;

function usage(u: { prompt_tokens?: number; completion_tokens?: number } | null | undefined) {
  return { promptTokens: u?.prompt_tokens, completionTokens: u?.completion_tokens };
}

/**
 * OpenAI's chat completions API through the `openai` SDK, plain and streamed, one attempt each:
 * shared by OpenRouter and any OpenAI-compatible server. `client` picks the SDK client for a request.
 */
export function chatCompletionsProvider(
  client: (req: GenerateRequest) => Promise<OpenAI>,
): AiProvider {
  return {
    async ready() {
      await loadOpenAi();
    },
    async generate(req) {
      try {
        const res = await (await client(req)).chat.completions.create(
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
        const stream = await (await client(req)).chat.completions.create(
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
