import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes as routeTable } from "../../src/features";
import { startFakeOpenAI } from "../helpers/fake-openai";
import type { FakeProvider } from "../helpers/fake-provider";
import {
  freePort,
  type RunningServer,
  serverDatabaseEnv,
  startNodeServer,
} from "../helpers/node-server";
import { cuttingProxy } from "./cutting-proxy";
import type { FlowResult, ResumeResult } from "./spa-app";

/**
 * Debian's Chromium (never a downloaded browser) against the real Node server: the docs page
 * renders offline, and an SPA on another origin runs register → login → refresh on 401 →
 * generate (plain and streamed) → track applications with the package's typed client.
 * Run: `npm run test:browser` (apt-get install -y chromium first). Screenshots: test-results/browser/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join(process.cwd(), "test-results", "browser");
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

let api: RunningServer;
let spa: Server;
let spaOrigin: string;
let fake: FakeProvider;
let browser: BrowserContext;
const cleanups: (() => void)[] = [];

async function startSpa(port: number): Promise<Server> {
  const bundle = await build({
    entryPoints: [join(process.cwd(), "test/browser/spa-app.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  const js = bundle.outputFiles[0]?.text ?? "";
  const html =
    '<!doctype html><meta charset="utf-8"><title>ResuMate SPA</title>' +
    '<h1>ResuMate SPA</h1><pre id="log"></pre><h2>Streamed resume</h2><pre id="resume"></pre>' +
    '<script src="/app.js"></script>';
  const server = createServer((req, res) => {
    const isJs = req.url === "/app.js";
    res.writeHead(200, { "content-type": isJs ? "text/javascript" : "text/html; charset=utf-8" });
    res.end(isJs ? js : html);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return server;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fake = await startFakeOpenAI();
  fake.fallback = { kind: "ok", chunkDelayMs: 30 };
  const spaPort = await freePort();
  spaOrigin = `http://127.0.0.1:${spaPort}`;
  const db = serverDatabaseEnv();
  cleanups.push(db.cleanup);
  api = await startNodeServer({
    ...db.env,
    NODE_ENV: "development",
    SECRET_KEY: "browser-secret-key-that-is-long-enough-for-hs256-0000",
    PASSWORD_HASH_ITERATIONS: "2000",
    LOG_LEVEL: "info",
    THROTTLE_ENABLED: "false",
    CORS_ORIGINS: spaOrigin,
    OPENROUTER_BASE_URL: fake.url,
    OPENROUTER_API_KEY: "browser-test-key",
  });
  spa = await startSpa(spaPort);
  const profile = mkdtempSync(join(tmpdir(), "resumate-chromium-"));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  // A fresh --user-data-dir per run (Playwright passes the directory as that flag).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => spa?.close(r));
  await api?.stop();
  await fake?.close();
  for (const fn of cleanups) fn();
});

describe("in Chromium", () => {
  it("the docs page renders every operation from the app's own files", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(api.url)) foreign.push(r.url());
    });
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${api.url}/api/docs/`);
    await page.waitForSelector(".opblock", { timeout: 30_000 });
    const ops = await page.locator(".opblock").count();
    expect(ops).toBe(routeTable.length);
    await expect(page.locator(".opblock-summary-path").allInnerTexts()).resolves.toContain(
      "/api/ai/generate/",
    );
    await page.screenshot({ path: join(SHOTS, "docs.png"), fullPage: false });
    // Swagger UI shows document problems (unsupported fields, bad refs) in the info block.
    await expect(page.locator(".information-container").textContent()).resolves.not.toMatch(
      /Warning|not supported/,
    );
    await expect(page.locator(".errors-wrapper").count()).resolves.toBe(0);
    expect({ foreign, problems }).toEqual({ foreign: [], problems: [] });
    await page.close();
  });

  it("an SPA on another origin runs the whole flow with fetch, CORS and SSE", async () => {
    const page = await browser.newPage();
    await page.goto(spaOrigin);
    const result = (await page.evaluate(
      ([base, model]) =>
        (window as unknown as { runFlow: (b: string, m: string) => Promise<unknown> }).runFlow(
          base,
          model,
        ),
      [api.url, "Deepseek"] as const,
    )) as FlowResult;
    await page.screenshot({ path: join(SHOTS, "spa.png"), fullPage: true });
    expect(result).toMatchObject({
      refreshedOn401: true,
      plain: { status: 201 },
      stream: { text: "# Jane Doe\n\n## Experience\n\n- Built things that shipped.\n" },
      applications: { created: 201, status: "Interviewing", count: 1, interviewing: 1 },
      errors: [],
    });
    expect(result.stream.chunks).toBe(3);
    expect(result.stream.resumeId).toBeGreaterThan(0);
    // The browser sent CORS preflights (JSON bodies and Authorization are not "simple").
    expect(api.output()).toMatch(/"method":"OPTIONS"[^\n]*"status":204/);
    await expect(page.locator("#resume").textContent()).resolves.toContain("Jane Doe");
    await page.close();
  });

  it("a stream cut mid-way resumes by itself (Last-Event-ID) and the resume is saved once", async () => {
    // The connection of the first streamed answer is cut after two chunk events went through.
    const proxy = await cuttingProxy(new URL(api.url), { afterEvents: 2 });
    cleanups.push(() => proxy.close());
    const lines = Array.from({ length: 10 }, (_, i) => `- line ${i}\n`);
    fake.script({ kind: "ok", chunks: lines, chunkDelayMs: 60 });
    const page = await browser.newPage();
    await page.goto(spaOrigin);
    const result = (await page.evaluate(
      ([base, model]) =>
        (window as unknown as { runResume: (b: string, m: string) => Promise<unknown> }).runResume(
          base,
          model,
        ),
      [proxy.url, "Deepseek"] as const,
    )) as ResumeResult;
    await page.screenshot({ path: join(SHOTS, "spa-resumed.png"), fullPage: true });
    expect(proxy.cuts()).toBe(1);
    expect(result.errors).toEqual([]);
    expect(result.chunks).toEqual(lines);
    expect(result.saved).toBe(lines.join(""));
    // One generation: the provider was called once, the stream was asked for again.
    expect(api.output()).toMatch(
      /"method":"GET","path":"\/api\/ai\/generations\/[0-9a-f]{32}\/stream\/?","status":200/,
    );
    await page.close();
  });
});
