import { createClient } from "redis";
import { uniqueName } from "./deps";
import { call, type E2eTarget, startTarget } from "./e2e-target";
import { startFakeGemini } from "./fake-gemini";
import { startFakeOpenAI } from "./fake-openai";
import { type FakeProvider, type RemoteFake, remoteFake } from "./fake-provider";
import { redisReachable, testRedisUrl } from "./redis";

export const PASSWORD = "Blue-Harbor-42x";

export interface ApiSuite {
  target: E2eTarget;
  gemini: FakeProvider;
  openai: FakeProvider;
  /** The staff user the server seeds from SUPERUSER_* (unique per run: the database is shared). */
  staff: { username: string; password: string };
  stop(): Promise<void>;
}

/**
 * The target (Node, or wrangler dev with E2E_WORKER=1) with the seeded models' providers pointed
 * at local fakes. Both entries seed the superuser: Node on start, the Worker helper while it
 * prepares the database (`prepareDatabase` with the same settings), so no side door is needed.
 */
export async function startApiSuite(): Promise<ApiSuite> {
  const gemini = await startFakeGemini();
  const openai = await startFakeOpenAI();
  const staff = { username: uniqueName("staff"), password: `${PASSWORD}-staff` };
  try {
    const target = await startTarget({
      GEMINI_BASE_URL: gemini.url,
      OPENROUTER_BASE_URL: openai.url,
      GEMINI_API_KEY: "e2e-gemini-key",
      OPENROUTER_API_KEY: "e2e-openrouter-key",
      AI_MAX_RETRIES: "1",
      AI_TIMEOUT_MS: "10000",
      SUPERUSER_USERNAME: staff.username,
      SUPERUSER_EMAIL: `${staff.username}@example.com`,
      SUPERUSER_PASSWORD: staff.password,
      // Webhook deliveries to a receiver on 127.0.0.1 (test/e2e/api/webhooks.test.ts).
      WEBHOOK_ALLOW_PRIVATE: "true",
    });
    return {
      target,
      gemini,
      openai,
      staff,
      async stop() {
        await target.stop();
        await Promise.all([gemini.close(), openai.close()]);
      },
    };
  } catch (err) {
    await Promise.all([gemini.close(), openai.close()]);
    throw err;
  }
}

/** Where the suite answers, as the turn keeper hands it to a file (serialisable). */
export interface ProvidedApiSuite {
  kind: E2eTarget["kind"];
  url: string;
  geminiUrl: string;
  openaiUrl: string;
  staff: { username: string; password: string };
}

/** The running suite as an e2e test file under test/e2e/api/ sees it. */
export interface ApiSuiteView {
  target: Pick<E2eTarget, "kind" | "url">;
  gemini: RemoteFake;
  openai: RemoteFake;
  staff: { username: string; password: string };
}

let view: ApiSuiteView | undefined;

/** Called by the file's turn (test/helpers/e2e-api-turn.ts) with the suite's address. */
export function useApiSuite(s: ProvidedApiSuite): void {
  if (view?.target.url === s.url) return;
  view = {
    target: { kind: s.kind, url: s.url },
    gemini: remoteFake(s.geminiUrl),
    openai: remoteFake(s.openaiUrl),
    staff: s.staff,
  };
}

/** The server and fakes a file under test/e2e/api/ has its turn with. */
export function apiSuite(): ApiSuiteView {
  if (!view) throw new Error("no e2e suite: only files under test/e2e/api/ have a turn with it");
  return view;
}

/** Polls /ready until 200 (the Node server answers 503 "starting" while it migrates). */
export async function waitReady(target: E2eTarget, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let res = await call(target, "GET", "/ready").catch(() => null);
  while ((res === null || res.status === 503) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    res = await call(target, "GET", "/ready").catch(() => null);
  }
  if (!res) throw new Error(`never ready:\n${target.output()}`);
  return res;
}

export interface Session {
  id: number;
  username: string;
  password: string;
  access: string;
  refresh: string;
}

export async function login(target: { url: string }, username: string, password: string) {
  const res = await call(target, "POST", "/api/auth/token/", { json: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${String(res.body)}`);
  return res.body as { access: string; refresh: string };
}

/** A fresh user of its own, registered and logged in over HTTP. */
export async function signUp(target: { url: string }): Promise<Session> {
  const username = uniqueName();
  const reg = await call(target, "POST", "/api/auth/register/", {
    json: { username, email: `${username}@example.com`, password: PASSWORD, password2: PASSWORD },
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  const { id } = reg.body as { id: number };
  return { id, username, password: PASSWORD, ...(await login(target, username, PASSWORD)) };
}

/** Repeats a GET until it is served from the cache (fills are background work: waitUntil). */
export async function untilHit(target: { url: string }, path: string) {
  let res = await call(target, "GET", path);
  for (let i = 0; i < 30 && res.headers.get("x-cache-status") !== "HIT"; i++) {
    await new Promise((r) => setTimeout(r, 100));
    res = await call(target, "GET", path);
  }
  return res;
}

/**
 * Drops a cache key before a MISS is expected: the Node target has a per-process memory store,
 * but the Worker's Redis is shared with earlier runs.
 */
export async function dropCacheKey(target: Pick<E2eTarget, "kind">, key: string): Promise<void> {
  if (target.kind !== "worker" || !(await redisReachable())) return;
  const client = createClient({ url: testRedisUrl });
  await client.connect();
  try {
    await client.del(key);
  } finally {
    await client.quit();
  }
}
