import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, serverDatabaseEnv, startNodeServer } from "../helpers/node-server";

/**
 * A shared resume's page (`GET /r/{token}`) in Debian's Chromium against the real Node server:
 * it renders, a screenshot is taken, and neither a `<script>` nor an `onerror=` in the Markdown
 * runs (the renderer escapes raw HTML; the CSP would refuse a script anyway). A protected link's
 * form posts the password back under the page's own CSP (form-action 'self').
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join(process.cwd(), "test-results", "browser");
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
];
const password = "correct horse battery staple";
const TITLE = "Zoë's CV";
const MARKDOWN = [
  "# Zoë Example",
  "",
  "Backend engineer. <script>document.title='pwned';window.pwned=1</script>",
  "",
  "<img src=x onerror=\"window.pwned=2;document.title='pwned'\">",
  "",
  "## Experience",
  "",
  "- **Acme**: built the [billing](https://example.com) service",
  "- [click](javascript:window.pwned=3)",
].join("\n");

let api: RunningServer;
let browser: BrowserContext;
const cleanups: (() => void)[] = [];

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${api.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function shareLink(body: Record<string, unknown>): Promise<string> {
  const username = `share${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const reg = await post("/api/auth/register/", {
    username,
    email: `${username}@example.com`,
    password,
    password2: password,
  });
  expect(reg.status).toBe(201);
  const { access } = (await (await post("/api/auth/token/", { username, password })).json()) as {
    access: string;
  };
  const resume = await post("/api/resumes/", { title: TITLE, content: MARKDOWN }, access);
  const { id } = (await resume.json()) as { id: number };
  const link = await post(`/api/resumes/${id}/share/`, body, access);
  expect(link.status).toBe(201);
  return ((await link.json()) as { url: string }).url;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const db = serverDatabaseEnv();
  cleanups.push(db.cleanup);
  api = await startNodeServer({
    ...db.env,
    NODE_ENV: "development",
    SECRET_KEY: "browser-secret-key-that-is-long-enough-for-hs256-0000",
    PASSWORD_HASH_ITERATIONS: "2000",
    THROTTLE_ENABLED: "false",
  });
  const profile = mkdtempSync(join(tmpdir(), "resumate-chromium-"));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1000, height: 800 },
  });
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  for (const fn of cleanups) fn();
});

describe("a shared resume in Chromium", () => {
  it("renders, is screenshotted, and runs none of the Markdown's script", async () => {
    const url = await shareLink({});
    expect(url).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+\/r\/[A-Za-z0-9_-]{22}$/);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    await page.waitForSelector("main h1");
    const shot = join(SHOTS, "shared-page.png");
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.length).toBeGreaterThan(1000);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const seen = await page.evaluate(() => ({
      title: document.title,
      pwned: (window as unknown as { pwned?: number }).pwned ?? null,
      scripts: document.scripts.length,
      images: document.images.length,
      links: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      h1: document.querySelector("main h1")?.textContent,
      text: document.querySelector("main")?.textContent ?? "",
    }));
    expect(seen).toMatchObject({
      title: TITLE,
      pwned: null,
      scripts: 0,
      images: 0,
      h1: "Zoë Example",
    });
    // The tags are shown as text, escaped; the javascript: link is no link.
    expect(seen.text).toContain("<script>document.title='pwned';window.pwned=1</script>");
    expect(seen.text).toContain('<img src=x onerror="window.pwned=2');
    expect(seen.links).toEqual([
      "?format=pdf",
      "?format=docx",
      "?format=md",
      "https://example.com",
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a protected link: the form posts the password and the page opens", async () => {
    const url = await shareLink({ password: "Harbor-Lantern-42" });
    const page = await browser.newPage();
    const first = await page.goto(url);
    expect(first?.status()).toBe(401);
    await page.fill('input[name="password"]', "Harbor-Lantern-42");
    const [answer] = await Promise.all([page.waitForNavigation(), page.click("button")]);
    expect(answer?.status()).toBe(200);
    await expect(page.locator("main h1").textContent()).resolves.toBe("Zoë Example");
    await expect(page.title()).resolves.toBe(TITLE);
    await page.screenshot({ path: join(SHOTS, "shared-page-protected.png") });
    await page.close();
  });
});
