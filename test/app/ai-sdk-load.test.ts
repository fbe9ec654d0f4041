import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AiProvider } from "../../src/ai-providers/provider";
import { createAiProviders } from "../../src/ai-providers/providers";
import { createModel, generate, parseSse } from "../helpers/ai";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";
import { startFakeGemini } from "../helpers/fake-gemini";
import { startFakeOpenAI } from "../helpers/fake-openai";
import { DEFAULT_CHUNKS, type FakeProvider } from "../helpers/fake-provider";

/**
 * A provider's SDK loads with its first call (a dynamic import, sdk.ts). On a cold worker of a
 * busy machine that took longer than AI_TIMEOUT_MS: the first attempt's timer, started before
 * the load, aborted the call before any request went out, and the first generation of a test
 * file answered 503 (or a stream with only its `error` event). The load is local work, not the
 * provider's silence: resilience.ts awaits the adapter's `ready()` before any timer starts.
 */
const TIMEOUT_MS = 300;
const LOAD_MS = 1200;

/**
 * The real adapter whose first use loads for LOAD_MS more (then the real SDK), as a cold SDK
 * import on a busy machine does; like the real adapter, a call made before it is ready loads it.
 */
function slowToLoad(inner: AiProvider): AiProvider & { loads: number } {
  let loading: Promise<void> | undefined;
  const wrapped = {
    loads: 0,
    ready: () =>
      (loading ??= new Promise<void>((resolve) => {
        wrapped.loads++;
        setTimeout(resolve, LOAD_MS);
      }).then(() => inner.ready?.())),
    async generate(req: Parameters<AiProvider["generate"]>[0]) {
      await wrapped.ready();
      return inner.generate(req);
    },
    async *stream(req: Parameters<AiProvider["stream"]>[0]) {
      await wrapped.ready();
      return yield* inner.stream(req);
    },
  };
  return wrapped;
}

let gemini: FakeProvider;
let openai: FakeProvider;
let t: TestContext;
let slowGemini: ReturnType<typeof slowToLoad>;
let slowOpenRouter: ReturnType<typeof slowToLoad>;
beforeAll(async () => {
  gemini = await startFakeGemini();
  openai = await startFakeOpenAI();
  const real = createAiProviders({
    GEMINI_BASE_URL: gemini.url,
    OPENROUTER_BASE_URL: openai.url,
    AI_MAX_OUTPUT_CHARS: 100_000,
  });
  slowGemini = slowToLoad(real.google_gemini);
  slowOpenRouter = slowToLoad(real.open_router);
  t = await createTestContext({
    env: {
      GEMINI_BASE_URL: gemini.url,
      OPENROUTER_BASE_URL: openai.url,
      GEMINI_TEST_KEY: "gem-key-1",
      OPENAI_TEST_KEY: "or-key-1",
      AI_TIMEOUT_MS: String(TIMEOUT_MS),
      AI_MAX_RETRIES: "0",
    },
    deps: { ai: { ...real, google_gemini: slowGemini, open_router: slowOpenRouter } },
  });
});
afterAll(async () => {
  await t?.close();
  await gemini?.close();
  await openai?.close();
});

describe(`an SDK that loads slower than AI_TIMEOUT_MS (${LOAD_MS} > ${TIMEOUT_MS} ms)`, () => {
  it("JSON: the first generation waits for the load, then calls the provider once: 201", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t);
    const res = await generate(t, model.displayName, { token: user.token });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ content: DEFAULT_CHUNKS.join("") });
    expect(slowOpenRouter.loads).toBe(1);
    expect(openai.requests).toHaveLength(1);
  });

  it("SSE: the first streamed generation has its chunks, then done", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { provider: "google_gemini" });
    const res = await generate(t, model.displayName, {
      token: user.token,
      headers: { accept: "text/event-stream" },
    });
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([...DEFAULT_CHUNKS.map(() => "chunk"), "done"]);
    expect(events.slice(0, -1).map((e) => e.data)).toEqual(
      DEFAULT_CHUNKS.map((text) => ({ text })),
    );
    expect(slowGemini.loads).toBe(1);
    expect(gemini.requests).toHaveLength(1);
  });

  it("a provider that is silent past AI_TIMEOUT_MS once loaded is still cut off: 503", async () => {
    const model = await createModel(t);
    openai.script({ kind: "hang" });
    const res = await generate(t, model.displayName);
    expect(res.status).toBe(503);
    expect(openai.requests.at(-1)?.behavior).toBe("hang");
  });
});
