import { type FakeProvider, startFakeProvider, type WireFormat } from "./fake-provider";

/** Text the fake puts in every error body: a 503 of ours must never carry it. */
export const OPENAI_ERROR_TEXT = "openrouter-internal-detail-c41d";

const completionBase = (model: string) => ({
  id: "gen-fake-1",
  created: 1_767_225_600,
  model,
});

/**
 * OpenAI chat completions as OpenRouter serves them under its base URL: `POST /chat/completions`,
 * plain JSON or (`stream: true`) SSE chunks ending with a usage chunk and `data: [DONE]`, key as
 * a bearer token, an invalid key answered 401.
 */
export const openaiWire: WireFormat = {
  route(method, url, body) {
    if (method !== "POST" || !url.pathname.endsWith("/chat/completions")) return undefined;
    return { stream: (body as { stream?: unknown } | null)?.stream === true };
  },
  apiKey: (h) => h.authorization?.replace(/^Bearer /, ""),
  plain: (text, usage) => ({
    ...completionBase("fake"),
    object: "chat.completion",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
  }),
  streamEvents: (chunks, usage) => [
    ...chunks.map((content, i) =>
      JSON.stringify({
        ...completionBase("fake"),
        object: "chat.completion.chunk",
        choices: [
          {
            index: 0,
            delta: i === 0 ? { role: "assistant", content } : { content },
            finish_reason: i === chunks.length - 1 ? "stop" : null,
          },
        ],
      }),
    ),
    JSON.stringify({
      ...completionBase("fake"),
      object: "chat.completion.chunk",
      choices: [],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
      },
    }),
    "[DONE]",
  ],
  error: (status) => ({
    error: { message: `Provider returned error: ${OPENAI_ERROR_TEXT}`, code: status },
  }),
  invalidKey: { status: 401, body: { error: { message: "No auth credentials found", code: 401 } } },
};

export const startFakeOpenAI = (): Promise<FakeProvider> =>
  startFakeProvider(openaiWire, "/api/v1");
