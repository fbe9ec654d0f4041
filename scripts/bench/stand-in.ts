import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The AI provider stand-in: answers Gemini REST (`:generateContent`, `:streamGenerateContent`
 * with `alt=sse`) and OpenAI chat completions (JSON and SSE), always after a fixed delay, so
 * the bench can report the API's overhead above the provider's own latency. It runs inside the
 * runner process so the streaming probe can compare the time the first chunk left here with
 * the time the client saw it, on one clock.
 */

const RESUME = `# Jane Doe\n\n## Summary\nBackend engineer with eight years of TypeScript and PostgreSQL.\n\n## Experience\n- Led the API platform team.\n- Cut p99 latency by 60%.\n\n## Skills\nTypeScript, Node.js, PostgreSQL, Redis, Kubernetes\n`;
const CHUNKS = [RESUME.slice(0, 40), RESUME.slice(40, 120), RESUME.slice(120)];

export interface StandIn {
  /** Base URL for GEMINI_BASE_URL. */
  geminiBase: string;
  /** Base URL for OPENROUTER_BASE_URL (the SDK appends /chat/completions). */
  openrouterBase: string;
  /** performance.now() when the latest stream's first chunk was written. */
  lastFirstChunkAt(): number;
  /**
   * How long the latest plain (non-streaming) request was held here, from its arrival to the end
   * of the answer: the provider's own latency, the fixed delay plus timer jitter (1-3 ms).
   */
  lastHeldMs(): number;
  requests(): number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function openAiChunk(text: string, finish: string | null) {
  return {
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: "bench",
    choices: [{ index: 0, delta: { role: "assistant", content: text }, finish_reason: finish }],
  };
}

function geminiChunk(text: string, finish: boolean) {
  return {
    candidates: [
      {
        content: { parts: [{ text }], role: "model" },
        index: 0,
        ...(finish ? { finishReason: "STOP" } : {}),
      },
    ],
    usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 80, totalTokenCount: 180 },
    modelVersion: "bench",
  };
}

function openAiFull() {
  return {
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "bench",
    choices: [{ index: 0, message: { role: "assistant", content: RESUME }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 80, total_tokens: 180 },
  };
}

export async function startStandIn(delayMs: number): Promise<StandIn> {
  let firstChunkAt = 0;
  let heldMs = 0;
  let count = 0;

  async function stream(res: ServerResponse, gemini: boolean) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (const [i, text] of CHUNKS.entries()) {
      const last = i === CHUNKS.length - 1;
      const payload = gemini ? geminiChunk(text, last) : openAiChunk(text, last ? "stop" : null);
      if (i === 0) firstChunkAt = performance.now();
      res.write(`data: ${JSON.stringify(payload)}\n\n`);
      if (!last) await sleep(5);
    }
    if (!gemini) res.write("data: [DONE]\n\n");
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const arrived = performance.now();
    let raw = "";
    for await (const part of req) raw += String(part);
    count++;
    const url = req.url ?? "";
    const gemini = url.includes(":generateContent") || url.includes(":streamGenerateContent");
    const wantsStream = url.includes(":streamGenerateContent") || /"stream"\s*:\s*true/.test(raw);
    await sleep(delayMs);
    if (wantsStream) return stream(res, gemini);
    const body = gemini ? geminiChunk(RESUME, true) : openAiFull();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
    heldMs = performance.now() - arrived;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    geminiBase: base,
    openrouterBase: `${base}/api/v1`,
    lastFirstChunkAt: () => firstChunkAt,
    lastHeldMs: () => heldMs,
    requests: () => count,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
