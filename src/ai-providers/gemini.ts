import type { GoogleGenAI } from "@google/genai";
import { classifyError } from "./classify";
import type { AiProvider, GenerateRequest, GenerateResult } from "./provider";
import { ProviderError, parseRetryAfter } from "./provider";
import { loadGenAi } from "./sdk";

type Fetch = typeof fetch;

/**
 * The SDK's errors keep only the status, so its fetch is wrapped: a non-2xx answer becomes a
 * ProviderError carrying Retry-After (the header, or Google's RetryInfo `retryDelay` in the body).
 */
function errorAwareFetch(now: () => number, inner: Fetch): Fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (res.ok) return res;
    const header = parseRetryAfter(res.headers.get("retry-after"), now());
    const body = await res.text().catch(() => "");
    const delay = body.match(/"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/)?.[1];
    const fromBody = delay === undefined ? undefined : Math.round(Number(delay) * 1000);
    // Google answers a bad key with 400 API_KEY_INVALID; to the key pool it is a rejection (401).
    const status = res.status === 400 && body.includes("API_KEY_INVALID") ? 401 : res.status;
    throw new ProviderError("http", status, header ?? fromBody);
  };
}

function usage(meta: { promptTokenCount?: number; candidatesTokenCount?: number } | undefined) {
  return { promptTokens: meta?.promptTokenCount, completionTokens: meta?.candidatesTokenCount };
}

/**
 * Google's `@google/genai` SDK. One client per key, made on first use; the SDK's own retries
 * stay off (retryOptions.attempts 1) because resilience.ts retries with shared rules.
 */
export function createGeminiProvider(opts: {
  baseUrl?: string | undefined;
  now?: () => number;
  fetch?: Fetch;
}): AiProvider {
  const clients = new Map<string, GoogleGenAI>();
  const now = opts.now ?? Date.now;
  const client = async (apiKey: string) => {
    let c = clients.get(apiKey);
    if (!c) {
      const { GoogleGenAI } = await loadGenAi();
      c = new GoogleGenAI({
        apiKey,
        httpOptions: {
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
          retryOptions: { attempts: 1 },
          fetch: errorAwareFetch(now, opts.fetch ?? globalThis.fetch),
        },
      });
      clients.set(apiKey, c);
    }
    return c;
  };
  const params = (req: GenerateRequest) => ({
    model: req.model,
    contents: [{ role: "user", parts: [{ text: req.user }] }],
    config: {
      systemInstruction: req.system,
      maxOutputTokens: req.maxOutputTokens,
      abortSignal: req.signal,
    },
  });

  return {
    async ready() {
      await loadGenAi();
    },
    async generate(req) {
      try {
        const res = await (await client(req.apiKey)).models.generateContent(params(req));
        const text = res.text ?? "";
        if (!text) throw new ProviderError("empty");
        return { text, ...usage(res.usageMetadata) };
      } catch (err) {
        throw classifyError(err, req.signal);
      }
    },
    async *stream(req): AsyncGenerator<string, GenerateResult | undefined> {
      let last: GenerateResult | undefined;
      try {
        const stream = await (await client(req.apiKey)).models.generateContentStream(params(req));
        for await (const chunk of stream) {
          const text = chunk.text;
          if (chunk.usageMetadata) last = { text: "", ...usage(chunk.usageMetadata) };
          if (text) yield text;
        }
      } catch (err) {
        throw classifyError(err, req.signal);
      }
      return last;
    },
  };
}
