import { uniqueName } from "./deps";
import type { Json } from "./hostile";
import { REQUEST_TIMEOUT_MS } from "./stall-probe";

/**
 * What the hostile requests of test/helpers/stall-suite.ts need to exist: a user with a resume (and a
 * version of it), an application, a cover letter, share links, a staff user and a model. Every
 * setup request is time-limited, so a stalled server fails the setup instead of hanging it.
 */
export const PASSWORD = "Blue-Harbor-42x";

export interface Session {
  username: string;
  password: string;
  access: string;
  refresh: string;
}

export interface World {
  user: Session;
  staff: Session;
  resumeId: number;
  versionId: number;
  appId: number;
  letterId: number;
  modelId: number;
  exampleId: number;
  token: string;
  /** A link with PASSWORD: POST /r/{token} checks its password. */
  lockedToken: string;
  interviewId: number;
  reminderId: number;
  contactId: number;
  /** The calendar feed's token (`/api/calendar/{token}.ics`). */
  feedToken: string;
  /** A webhook to a loopback port nothing listens on, and its ping's delivery. */
  webhookId: number;
  deliveryId: number;
}

/**
 * A generation id of the right shape that no generation has: its status, stream and cancel
 * answer 404 after their checks (no generation is run for the world).
 */
export const UNKNOWN_GENERATION_ID = "0123456789abcdef0123456789abcdef";

export async function send(
  url: string,
  method: string,
  path: string,
  opts: { json?: unknown; token?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function expectStatus(
  p: Promise<{ status: number; body: Record<string, unknown> }>,
  status: number,
  what: string,
) {
  const res = await p;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(url: string, username: string, password: string): Promise<Session> {
  const body = await expectStatus(
    send(url, "POST", "/api/auth/token/", { json: { username, password } }),
    200,
    "login",
  );
  return { username, password, access: String(body.access), refresh: String(body.refresh) };
}

export async function signUp(url: string): Promise<Session> {
  const username = uniqueName("stall");
  const json = { username, email: `${username}@example.com`, password: PASSWORD };
  await expectStatus(
    send(url, "POST", "/api/auth/register/", { json: { ...json, password2: PASSWORD } }),
    201,
    "register",
  );
  return login(url, username, PASSWORD);
}

type Sent = Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * A new user's world holding `texts`: everything is made with plain text first (a cover letter
 * is written by the fake model from a plain posting), then the texts are stored by PUT/PATCH,
 * which parse nothing, so building a hostile world never runs the work under test.
 */
export async function buildWorld(
  url: string,
  staff: Session,
  texts: { content: string; posting: string; letter: string },
): Promise<World> {
  const user = await signUp(url);
  const t = { token: user.access };
  const ok = async (p: Sent, what: string) => Number((await expectStatus(p, 200, what)).id);
  const made = async (p: Sent, what: string) => Number((await expectStatus(p, 201, what)).id);
  const plain = { title: "Stall CV", content: "# Ann\n\n- Go" };
  const resumeId = await made(send(url, "POST", "/api/resumes/", { ...t, json: plain }), "resume");
  const app = { company_name: "Acme", original_job_description: "Go", resume_used: resumeId };
  const appId = await made(send(url, "POST", "/api/job-applications/", { ...t, json: app }), "app");
  const letterId = await made(
    send(url, "POST", `/api/job-applications/${appId}/cover-letter/`, {
      ...t,
      json: { model: "Deepseek" },
    }),
    "cover letter",
  );
  const item = `/api/resumes/${resumeId}/`;
  const share = async (json: Json) =>
    String(
      (await expectStatus(send(url, "POST", `${item}share/`, { ...t, json }), 201, "share")).token,
    );
  const token = await share({});
  const lockedToken = await share({ password: PASSWORD });
  const model = {
    display_name: uniqueName("model").slice(0, 30),
    model_name: "stall/model",
    api_provider: "open_router",
    api_key_name: "OPENROUTER_API_KEY",
  };
  const admin = "/api/admin/ai-models/";
  const modelId = await made(
    send(url, "POST", admin, { token: staff.access, json: model }),
    "model",
  );
  const examples = await expectStatus(
    send(url, "GET", "/api/example-job-applications/"),
    200,
    "ex",
  );
  const exampleId = Number((examples.data as Record<string, unknown>[] | undefined)?.[0]?.id);
  // The texts, stored: the content twice, so the version kept holds it too.
  const content = { content: texts.content };
  await ok(send(url, "PATCH", item, { ...t, json: content }), "content");
  await ok(send(url, "PATCH", item, { ...t, json: { title: "Stall CV 2" } }), "title");
  const versions = await expectStatus(send(url, "GET", `${item}versions/`, t), 200, "versions");
  const versionId = Number((versions as unknown as Record<string, unknown>[])[0]?.id);
  const posting = { original_job_description: texts.posting };
  await ok(
    send(url, "PATCH", `/api/job-applications/${appId}/`, { ...t, json: posting }),
    "posting",
  );
  const letter = { content: texts.letter };
  await ok(send(url, "PATCH", `/api/cover-letters/${letterId}/`, { ...t, json: letter }), "letter");
  const tracker = await trackerWorld(url, t, appId);
  return {
    ...tracker,
    user,
    staff,
    resumeId,
    versionId,
    appId,
    letterId,
    modelId,
    exampleId,
    token,
    lockedToken,
  };
}

/** An interview, a reminder and a contact under the application, and a calendar feed. */
async function trackerWorld(url: string, t: { token: string }, appId: number) {
  const made = async (p: Sent, what: string) => Number((await expectStatus(p, 201, what)).id);
  const under = `/api/job-applications/${appId}/`;
  const at = { scheduled_at: "2026-03-02T10:00:00Z", due_at: "2026-03-01T09:00:00Z" };
  const interviewId = await made(
    send(url, "POST", `${under}interviews/`, { ...t, json: at }),
    "interview",
  );
  const reminderId = await made(
    send(url, "POST", `${under}reminders/`, { ...t, json: at }),
    "reminder",
  );
  const contact = { name: "Dana", job_applications: [appId] };
  const contactId = await made(
    send(url, "POST", "/api/contacts/", { ...t, json: contact }),
    "contact",
  );
  const feed = await expectStatus(send(url, "POST", "/api/calendar/", t), 201, "calendar");
  const feedToken = String(feed.url).split("/").at(-1)?.replace(".ics", "") ?? "";
  // The server runs with WEBHOOK_ALLOW_PRIVATE=true: the ping goes to a closed loopback port.
  const hook = { url: "http://127.0.0.1:9/stall-hook", events: ["ping"] };
  const webhookId = await made(
    send(url, "POST", "/api/webhooks/", { ...t, json: hook }),
    "webhook",
  );
  const ping = await expectStatus(
    send(url, "POST", `/api/webhooks/${webhookId}/test/`, t),
    202,
    "webhook ping",
  );
  return { interviewId, reminderId, contactId, feedToken, webhookId, deliveryId: Number(ping.id) };
}

/** `path` with its parameters taken from `world`; undefined where the world has none. */
export function fillPath(path: string, operationId: string, w: World): string | undefined {
  const token =
    operationId === "sharedResumePageUnlock"
      ? w.lockedToken
      : operationId === "calendarFeed"
        ? w.feedToken
        : w.token;
  const byPrefix: [string, number][] = [
    ["/api/resumes/trash/", Number.NaN],
    ["/api/resumes/", w.resumeId],
    ["/api/job-applications/", w.appId],
    ["/api/cover-letters/", w.letterId],
    ["/api/admin/ai-models/", w.modelId],
    ["/api/example-job-applications/", w.exampleId],
    ["/api/interviews/", w.interviewId],
    ["/api/reminders/", w.reminderId],
    ["/api/contacts/", w.contactId],
    ["/api/webhooks/", w.webhookId],
  ];
  if (path.startsWith("/api/ai/generations/")) return path.replace("{id}", UNKNOWN_GENERATION_ID);
  const id = byPrefix.find(([prefix]) => path.startsWith(prefix))?.[1];
  if (path.includes("{id}") && (id === undefined || Number.isNaN(id))) return undefined;
  if (path.includes("{file}")) return undefined;
  return path
    .replace("{id}", String(id))
    .replace("{vid}", String(w.versionId))
    .replace("{did}", String(w.deliveryId))
    .replace("{token}", token);
}
