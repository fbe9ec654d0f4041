import { type FakeProvider, startFakeProvider, type WireFormat } from "./fake-provider";

/** Text the fake puts in every error body: a 503 of ours must never carry it. */
export const GEMINI_ERROR_TEXT = "gemini-internal-detail-7f3a";

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/**
 * Gemini REST as Google serves it: `POST /v1beta/models/{model}:generateContent` (JSON) and
 * `:streamGenerateContent?alt=sse` (SSE of GenerateContentResponse), key in `x-goog-api-key`,
 * an invalid key answered 400 with reason API_KEY_INVALID.
 */
export const geminiWire: WireFormat = {
  route(method, url) {
    const m = url.pathname.match(
      /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/,
    );
    if (method !== "POST" || !m) return undefined;
    if (m[2] === "streamGenerateContent" && url.searchParams.get("alt") !== "sse") return undefined;
    return { stream: m[2] === "streamGenerateContent" };
  },
  apiKey: (h) => (typeof h["x-goog-api-key"] === "string" ? h["x-goog-api-key"] : undefined),
  plain: (text, usage) => ({
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: {
      promptTokenCount: usage.prompt,
      candidatesTokenCount: usage.completion,
      totalTokenCount: usage.prompt + usage.completion,
    },
    modelVersion: "gemini-2.0-flash-exp",
  }),
  streamEvents: (chunks, usage) =>
    chunks.map((text, i) =>
      JSON.stringify({
        candidates: [
          {
            content: { role: "model", parts: [{ text }] },
            index: 0,
            ...(i === chunks.length - 1 ? { finishReason: "STOP" } : {}),
          },
        ],
        ...(i === chunks.length - 1
          ? {
              usageMetadata: {
                promptTokenCount: usage.prompt,
                candidatesTokenCount: usage.completion,
                totalTokenCount: usage.prompt + usage.completion,
              },
            }
          : {}),
        modelVersion: "gemini-2.0-flash-exp",
      }),
    ),
  error: (status) => ({
    error: {
      code: status,
      message: `Upstream trouble: ${GEMINI_ERROR_TEXT}`,
      status: STATUS_NAMES[status] ?? "UNKNOWN",
    },
  }),
  invalidKey: {
    status: 400,
    body: {
      error: {
        code: 400,
        message: "API key not valid. Please pass a valid API key.",
        status: "INVALID_ARGUMENT",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "API_KEY_INVALID",
            domain: "googleapis.com",
          },
        ],
      },
    },
  },
};

export const startFakeGemini = (): Promise<FakeProvider> => startFakeProvider(geminiWire);
