import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { ProviderName } from "../../src/ai-providers/provider";
import { createAiProviders } from "../../src/ai-providers/providers";
import { parseConfig } from "../../src/config";
import { aiModel, aiUsage } from "../../src/db/schema";
import { createTestContext, type TestContext, uniqueName } from "./deps";
import { startFakeGemini } from "./fake-gemini";
import { startFakeOpenAI } from "./fake-openai";
import type { FakeProvider } from "./fake-provider";

export const USER_INPUT =
  "Registered nurse, 6 years in ICU at St. Mary's, BSN 2018, ACLS certified, led a sepsis protocol rollout.";

export interface AiTestContext extends TestContext {
  gemini: FakeProvider;
  openai: FakeProvider;
  /** Every backoff wait the code asked for, in ms (tests never wait for real). */
  sleeps: number[];
  closeAll(): Promise<void>;
}

/**
 * The hooks every AI test file needs: one context for the file (handed to `use` before the first
 * test), both fake providers reset before each test, everything closed after the last.
 */
export function useAiTestContext(
  use: (t: AiTestContext) => void,
  env: Record<string, string> = {},
) {
  let t: AiTestContext | undefined;
  beforeAll(async () => {
    t = await createAiTestContext(env);
    use(t);
  });
  afterAll(() => t?.closeAll());
  beforeEach(() => {
    t?.gemini.reset();
    t?.openai.reset();
  });
}

/**
 * The app with the real providers (real SDKs) pointed at local fake servers. Backoff waits are
 * recorded and skipped; jitter is fixed at 0.5. Keys: GEMINI_TEST_KEY / OPENAI_TEST_KEY
 * (and a pool of three under OPENAI_POOL).
 */
export async function createAiTestContext(
  env: Record<string, string> = {},
): Promise<AiTestContext> {
  const gemini = await startFakeGemini();
  const openai = await startFakeOpenAI();
  const sleeps: number[] = [];
  const ai = createAiProviders(
    {
      GEMINI_BASE_URL: gemini.url,
      OPENROUTER_BASE_URL: openai.url,
      AI_MAX_OUTPUT_CHARS: parseConfig(env).AI_MAX_OUTPUT_CHARS,
    },
    {
      timing: {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
      },
    },
  );
  const t = await createTestContext({
    env: {
      GEMINI_BASE_URL: gemini.url,
      OPENROUTER_BASE_URL: openai.url,
      GEMINI_TEST_KEY: "gem-key-1",
      OPENAI_TEST_KEY: "or-key-1",
      OPENAI_POOL: "pool-a,pool-b,pool-c",
      AI_TIMEOUT_MS: "2000",
      AI_MAX_RETRIES: "2",
      AI_BREAKER_THRESHOLD: "3",
      AI_BREAKER_COOLDOWN_MS: "30000",
      ...env,
    },
    deps: { ai },
  });
  return Object.assign(t, {
    gemini,
    openai,
    sleeps,
    async closeAll() {
      await t.close();
      await gemini.close();
      await openai.close();
    },
  });
}

export type ModelRow = typeof aiModel.$inferSelect;

/** A model row of its own (unique names: tests share one database on PostgreSQL). */
export async function createModel(
  t: TestContext,
  opts: Partial<typeof aiModel.$inferInsert> & { provider?: ProviderName } = {},
): Promise<ModelRow> {
  const { provider = "open_router", ...rest } = opts;
  const [row] = await t.deps.database.db
    .insert(aiModel)
    .values({
      displayName: uniqueName("Model"),
      modelName:
        provider === "google_gemini" ? uniqueName("gemini-test") : uniqueName("vendor/model"),
      apiProvider: provider,
      apiKeyName: provider === "google_gemini" ? "GEMINI_TEST_KEY" : "OPENAI_TEST_KEY",
      loginRequired: false,
      dailyLimit: 0,
      ...rest,
    })
    .returning();
  if (!row) throw new Error("model insert returned no row");
  return row;
}

/** POST /api/ai/generate/ (JSON variant). */
export function generate(
  t: TestContext,
  model: string,
  opts: { token?: string; ip?: string; input?: string; title?: string; headers?: HeadersInit } = {},
) {
  return t.request("/api/ai/generate/", {
    method: "POST",
    token: opts.token,
    ip: opts.ip,
    headers: opts.headers,
    json: {
      model,
      user_input: opts.input ?? USER_INPUT,
      ...(opts.title ? { title: opts.title } : {}),
    },
  });
}

/** Parses an SSE body into events (`event:` + JSON `data:`). */
export function parseSse(text: string): { event: string; data: unknown }[] {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
      const data = lines
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return { event, data: JSON.parse(data) as unknown };
    });
}

/** The ledger's rows of one model, oldest first. */
export async function ledger(t: TestContext, modelId: number) {
  const rows = await t.deps.database.db
    .select()
    .from(aiUsage)
    .where(eq(aiUsage.modelId, modelId))
    .orderBy(desc(aiUsage.id));
  return rows.reverse();
}

/** The user message of an OpenAI-style chat request body the fake received. */
export function chatMessages(body: unknown): { role: string; content: string }[] {
  return (body as { messages?: { role: string; content: string }[] }).messages ?? [];
}
