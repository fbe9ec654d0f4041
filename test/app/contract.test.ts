import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AiProvider } from "../../src/ai-providers/provider";
import { coverLetter } from "../../src/db/schema";
import { apiRoutes as routeTable } from "../../src/features";
import { assertMatchesContract, matchPath } from "../helpers/contract";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/**
 * Coverage: every documented operation is called at least once, with its success and its
 * common errors. Each response is validated against the document (status, required headers,
 * content type, body) by the shared request helper (`t.request`, test/helpers/deps.ts), as every
 * app test's is; what this file adds is the last test, which fails when an operation of the
 * route table was never exercised here.
 */
let t: TestContext;
const seen = new Set<string>();
const password = "correct horse battery staple";

/** An in-process provider: the contract is about our answers, not the provider's wire format. */
const stubProvider: AiProvider = {
  generate: async () => ({ text: "# Jane Doe\n\nBackend engineer." }),
  async *stream() {
    yield "# Jane Doe\n\n";
    yield "Backend engineer.";
    return undefined;
  },
};

beforeAll(async () => {
  // Webhooks here point at loopback (never delivered off the machine).
  t = await createTestContext({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
});

/** The app on the same database, the stub behind every provider (the seeded models' keys set). */
const stubbedAi = () =>
  createTestContext({
    env: { OPENROUTER_API_KEY: "test-key" },
    deps: {
      ai: {
        google_gemini: stubProvider,
        open_router: stubProvider,
        openai_compatible: stubProvider,
      },
    },
    database: t.deps.database,
  });
afterAll(() => t.close());

type Init = Parameters<TestContext["request"]>[1] & { method?: string };

/** Records which operation (method, template, status) a response covered. */
function record(method: string, path: string, res: Response): Response {
  const template = matchPath(path);
  if (template) seen.add(`${method.toLowerCase()} ${template} ${res.status}`);
  return res;
}

async function call(path: string, init: Init = {}): Promise<Response> {
  return record(init.method ?? "GET", path, await t.request(path, init));
}

async function json<T>(path: string, init: Init, status: number): Promise<T> {
  const res = await call(path, init);
  const body = res.status === 204 || res.status === 205 ? null : await res.json();
  expect({ status: res.status, body }).toMatchObject({ status });
  return body as T;
}

async function signUp(): Promise<{ access: string; refresh: string; username: string }> {
  const username = uniqueName();
  const email = `${username}@example.com`;
  await json(
    "/api/auth/register/",
    { method: "POST", json: { username, email, password, password2: password } },
    201,
  );
  const pair = await json<{ access: string; refresh: string }>(
    "/api/auth/token/",
    { method: "POST", json: { username, password } },
    200,
  );
  return { ...pair, username };
}

describe("contract: every response matches the OpenAPI document", () => {
  it("ops and docs", async () => {
    await json("/health", {}, 200);
    await json("/ready", {}, 200);
    await json("/api/", {}, 200);
    await json("/api/openapi.json", {}, 200);
    expect((await call("/api/docs/")).status).toBe(200);
    expect((await call("/api/docs/init.js")).status).toBe(200);
    await json("/api/docs/missing.js", {}, 404);
    await json("/health", { method: "DELETE" }, 405);
    await json("/api/no-such-thing/", {}, 404);
  });

  it("auth flow", async () => {
    await json("/api/auth/register/", { method: "POST", json: {} }, 400);
    await json(
      "/api/auth/token/",
      { method: "POST", json: { username: "nobody_x", password } },
      401,
    );
    const { access, refresh, username } = await signUp();
    await json("/api/auth/token/verify/", { method: "POST", json: { token: access } }, 200);
    await json("/api/auth/token/verify/", { method: "POST", json: { token: "bogus" } }, 401);
    const refreshed = await json<{ access: string; refresh?: string }>(
      "/api/auth/token/refresh/",
      { method: "POST", json: { refresh } },
      200,
    );
    // simplejwt's default (ROTATE_REFRESH_TOKENS=false): `{access}`, the same token works again.
    expect(refreshed.refresh).toBeUndefined();
    await json("/api/auth/token/refresh/", { method: "POST", json: { refresh } }, 200);
    await json("/api/auth/me/", { token: access }, 200);
    await json("/api/auth/me/", {}, 401);
    await json("/api/auth/me/", { token: "not-a-jwt" }, 401);
    const fresh = await json<{ refresh: string }>(
      "/api/auth/token/",
      { method: "POST", json: { username, password } },
      200,
    );
    await json(
      "/api/auth/logout/",
      { method: "POST", token: access, json: { refresh: fresh.refresh } },
      205,
    );
    const next = "another long passphrase 42";
    const change = { old_password: password, new_password: next, new_password2: next };
    await json("/api/auth/password/change/", { method: "POST", token: access, json: change }, 204);
    const again = await json<{ access: string }>(
      "/api/auth/token/",
      { method: "POST", json: { username, password: next } },
      200,
    );
    await json(
      "/api/auth/me/",
      { method: "DELETE", token: again.access, json: { password: next } },
      204,
    );
  });

  it("personal access tokens", async () => {
    const { access } = await signUp();
    const made = await json<{ id: number; token: string }>(
      "/api/auth/tokens/",
      { method: "POST", token: access, json: { name: "ci", scopes: ["account:read"] } },
      201,
    );
    await json("/api/auth/tokens/", { method: "POST", token: access, json: { scopes: [] } }, 400);
    await json("/api/auth/tokens/", { token: access }, 200);
    await json("/api/auth/tokens/", { token: made.token }, 403);
    await json("/api/auth/me/", { token: made.token }, 200);
    await json("/api/auth/me/export/", { token: made.token }, 200);
    await json(`/api/auth/tokens/${made.id}/`, { method: "DELETE", token: access }, 204);
    await json(`/api/auth/tokens/${made.id}/`, { method: "DELETE", token: access }, 404);
    await json("/api/auth/me/", { token: made.token }, 401);
  });

  it("resumes", async () => {
    const { access: token } = await signUp();
    await json("/api/resumes/", { method: "POST", token, json: { title: "" } }, 400);
    const text = await call("/api/resumes/", {
      method: "POST",
      token,
      body: "x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const r = await json<{ id: number }>(
      "/api/resumes/",
      { method: "POST", token, json: { title: "CV", content: "# Me" } },
      201,
    );
    await json("/api/resumes/", { token }, 200);
    await json(`/api/resumes/${r.id}/`, { token }, 200);
    await json(
      `/api/resumes/${r.id}/`,
      { method: "PUT", token, json: { title: "CV2", content: "# Me" } },
      200,
    );
    await json(`/api/resumes/${r.id}/`, { method: "PATCH", token, json: { title: "CV3" } }, 200);
    await json(`/api/resumes/${r.id}/`, { method: "DELETE", token }, 204);
    await json(`/api/resumes/${r.id}/`, { token }, 404);
    await json("/api/resumes/", {}, 401);
  });

  it("documents: versions, trash, share links", async () => {
    const { access: token } = await signUp();
    const r = await json<{ id: number }>(
      "/api/resumes/",
      { method: "POST", token, json: { title: "CV", content: "# Me" } },
      201,
    );
    await json(`/api/resumes/${r.id}/`, { method: "PATCH", token, json: { content: "# I" } }, 200);
    const [v] = await json<{ id: number }[]>(`/api/resumes/${r.id}/versions/`, { token }, 200);
    await json(`/api/resumes/${r.id}/versions/${v?.id}/`, { token }, 200);
    await json(`/api/resumes/${r.id}/versions/${v?.id}/restore/`, { method: "POST", token }, 200);
    const link = await json<{ token: string }>(
      `/api/resumes/${r.id}/share/`,
      { method: "POST", token, json: { expires_in_days: 0 } },
      400,
    );
    expect(link).toEqual({ expires_in_days: ["Ensure this value is greater than or equal to 1."] });
    const open = await json<{ token: string }>(
      `/api/resumes/${r.id}/share/`,
      { method: "POST", token, json: {} },
      201,
    );
    await json(`/api/shared/${open.token}/`, {}, 200);
    const page = await call(`/r/${open.token}`);
    expect(page.status).toBe(200);
    const md = await call(`/r/${open.token}?format=md`);
    expect(md.status).toBe(200);
    // An invalid bearer token is refused on every endpoint (API.md), the page too: simplejwt's JSON.
    for (const method of ["GET", "POST"]) {
      const bad = await json<{ code: string }>(
        `/r/${open.token}`,
        { method, token: "not-a-jwt", ...(method === "POST" ? { json: {} } : {}) },
        401,
      );
      expect(bad.code).toBe("token_not_valid");
    }
    const locked = await json<{ token: string }>(
      `/api/resumes/${r.id}/share/`,
      { method: "POST", token, json: { password: "open sesame" } },
      201,
    );
    await json(`/api/shared/${locked.token}/`, {}, 401);
    const form = await call(`/r/${locked.token}`, {
      method: "POST",
      body: "password=open+sesame",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(200);
    await json(`/api/resumes/${r.id}/share/`, { method: "DELETE", token }, 204);
    expect((await call(`/r/${open.token}`)).status).toBe(404);
    await json(`/api/resumes/${r.id}/`, { method: "DELETE", token }, 204);
    await json("/api/resumes/trash/", { token }, 200);
    await json(`/api/resumes/trash/${r.id}/restore/`, { method: "POST", token }, 200);
    await json(`/api/resumes/trash/${r.id}/restore/`, { method: "POST", token }, 404);
  });

  it("job applications and examples", async () => {
    const { access: token } = await signUp();
    const base = "/api/job-applications/";
    const a = await json<{ id: number }>(
      base,
      { method: "POST", token, json: { job_title: "Dev", company_name: "Acme" } },
      201,
    );
    await json(base, { method: "POST", token, json: { status: "Bogus" } }, 400);
    await json(base, { token }, 200);
    await json(`${base}?limit=1&offset=0`, { token }, 200);
    await json(`${base}stats/`, { token }, 200);
    await json(`${base}${a.id}/`, { token }, 200);
    await json(`${base}${a.id}/`, { method: "PUT", token, json: { job_title: "Dev 2" } }, 200);
    await json(`${base}${a.id}/`, { method: "PATCH", token, json: { status: "Offer" } }, 200);
    await json(`${base}${a.id}/`, { method: "DELETE", token }, 204);
    await json(`${base}${a.id}/restore/`, { method: "POST", token }, 200);
    await json(`${base}${a.id}/timeline/`, { token }, 200);
    await json(`${base}${a.id}/notes/`, { method: "POST", token, json: { text: "Hi" } }, 201);
    await json(`${base}${a.id}/notes/`, { method: "POST", token, json: {} }, 400);
    await json(
      `${base}bulk/`,
      { method: "POST", token, json: { ids: [a.id], action: "delete" } },
      200,
    );
    const csv = { method: "POST", token, headers: { "content-type": "text/csv" } };
    await json(`${base}import/`, { ...csv, body: "title\nDev\n" }, 201);
    await json(`${base}import/?dry_run=true`, { ...csv, body: "title\nDev\n" }, 200);
    await json(`${base}import/`, { ...csv, body: "status\nBogus\n" }, 400);
    expect((await call(`${base}export/?format=csv`, { token })).status).toBe(200);
    const examples = await json<{ data: { id: number }[] }>(
      "/api/example-job-applications/",
      {},
      200,
    );
    const first = examples.data[0];
    if (first) await json(`/api/example-job-applications/${first.id}/`, {}, 200);
    await json("/api/example-job-applications/999999999/", {}, 404);
  });

  it("tracker: interviews, reminders, contacts and the calendar feed", async () => {
    const { access: token } = await signUp();
    const app = await json<{ id: number }>(
      "/api/job-applications/",
      { method: "POST", token, json: { job_title: "SRE", company_name: "Acme" } },
      201,
    );
    const appPath = `/api/job-applications/${app.id}`;
    const missing = "/api/job-applications/999999999";
    const at = { scheduled_at: "2026-03-02T10:00:00Z" };
    await json(`${appPath}/interviews/`, { method: "POST", token, json: {} }, 400);
    await json(`${missing}/interviews/`, { method: "POST", token, json: at }, 404);
    const interview = await json<{ id: number }>(
      `${appPath}/interviews/`,
      { method: "POST", token, json: { ...at, kind: "video", duration_minutes: 30 } },
      201,
    );
    await json(`${appPath}/interviews/`, { token }, 200);
    await json(`${missing}/interviews/`, { token }, 404);
    await json("/api/interviews/?from=2026-03-01&to=2026-04-01T00:00:00Z", { token }, 200);
    await json("/api/interviews/?from=soon", { token }, 400);
    const one = `/api/interviews/${interview.id}/`;
    await json(one, { token }, 200);
    await json(one, { method: "PUT", token, json: { ...at, location: "Room 4" } }, 200);
    await json(one, { method: "PUT", token, json: {} }, 400);
    await json(one, { method: "PATCH", token, json: { outcome: "passed" } }, 200);
    await json(one, { method: "PATCH", token, json: { outcome: "won" } }, 400);

    const due = { due_at: "2026-03-01T09:00:00Z", note: "Follow up" };
    await json(`${appPath}/reminders/`, { method: "POST", token, json: {} }, 400);
    const reminder = await json<{ id: number }>(
      `${appPath}/reminders/`,
      { method: "POST", token, json: due },
      201,
    );
    await json(`${appPath}/reminders/`, { token }, 200);
    await json(`${missing}/reminders/`, { token }, 404);
    await json("/api/reminders/?due_before=2026-03-02T00:00:00Z&done=false", { token }, 200);
    await json("/api/reminders/?done=maybe", { token }, 400);
    const rem = `/api/reminders/${reminder.id}/`;
    await json(rem, { token }, 200);
    await json(rem, { method: "PATCH", token, json: { done: true } }, 200);
    await json(rem, { method: "PATCH", token, json: { due_at: "x" } }, 400);

    const contact = await json<{ id: number }>(
      "/api/contacts/",
      { method: "POST", token, json: { name: "Dana", job_applications: [app.id] } },
      201,
    );
    await json("/api/contacts/", { method: "POST", token, json: { name: "" } }, 400);
    await json(`/api/contacts/?job_application=${app.id}&search=dana`, { token }, 200);
    await json("/api/contacts/?job_application=x", { token }, 400);
    const person = `/api/contacts/${contact.id}/`;
    await json(person, { token }, 200);
    await json(person, { method: "PUT", token, json: { name: "Dana K" } }, 200);
    await json(person, { method: "PUT", token, json: {} }, 400);
    await json(person, { method: "PATCH", token, json: { role: "Recruiter" } }, 200);
    await json(person, { method: "PATCH", token, json: { job_applications: [999999999] } }, 400);

    const { url } = await json<{ url: string }>("/api/calendar/", { method: "POST", token }, 201);
    const feed = new URL(url, "http://localhost").pathname;
    const served = await call(feed);
    expect(served.status).toBe(200);
    const etag = served.headers.get("etag") ?? "";
    expect((await call(feed, { headers: { "If-None-Match": etag } })).status).toBe(304);
    await json("/api/calendar/", { method: "DELETE", token }, 204);
    await json(feed, {}, 404);

    await json(person, { method: "DELETE", token }, 204);
    await json(person, { token }, 404);
    await json(rem, { method: "DELETE", token }, 204);
    await json(rem, { token }, 404);
    await json(one, { method: "DELETE", token }, 204);
    await json(one, { token }, 404);
  });

  it("copilot: match score and posting intake", async () => {
    const { access: token } = await signUp();
    const r = await json<{ id: number }>(
      "/api/resumes/",
      { method: "POST", token, json: { title: "CV", content: "TypeScript and Kafka" } },
      201,
    );
    const base = "/api/job-applications/";
    const posting = {
      original_job_description: "Requirements: TypeScript, Kafka",
      resume_used: r.id,
    };
    const a = await json<{ id: number }>(base, { method: "POST", token, json: posting }, 201);
    await json(`${base}${a.id}/match/`, { method: "POST", token, json: {} }, 200);
    await json(`${base}${a.id}/match/`, { method: "POST", token, json: { resume: "x" } }, 400);
    await json(`${base}intake/`, { method: "POST", token, json: { text: "Dev at Acme" } }, 200);
    await json(`${base}intake/?save=true`, { method: "POST", token, json: { text: "Dev" } }, 201);
    await json(`${base}intake/`, { method: "POST", token, json: {} }, 400);
    // With a model: unavailable here (503); through the stub, the draft names the model.
    const withModel = { method: "POST", token, json: { text: "Dev", model: "Deepseek" } };
    await json(`${base}intake/`, withModel, 503);
    const ai = await stubbedAi();
    const res = record("POST", `${base}intake/`, await ai.request(`${base}intake/`, withModel));
    expect(res.headers.get("x-ai-model")).toBe("Deepseek");
    expect(await res.json()).toMatchObject({ job_title: "Dev", company_name: null });
    await ai.close();
  });

  it("ai: models, generation (JSON, SSE, unavailable) and usage", async () => {
    const { access: token } = await signUp();
    await json("/api/ai/models/", {}, 200);
    await json("/api/ai/usage/", { token }, 200);
    const input = { model: "Deepseek", user_input: "x".repeat(60) };
    await json(
      "/api/ai/generate/",
      { method: "POST", json: { ...input, user_input: "short" } },
      400,
    );
    // The test context's providers are unavailable: 503 with the fixed body.
    await json("/api/ai/generate/", { method: "POST", token, json: input }, 503);
    const ai = await stubbedAi();
    const viaAi = async (init: Init) =>
      record("POST", "/api/ai/generate/", await ai.request("/api/ai/generate/", init));
    const plain = await viaAi({ method: "POST", token, json: input });
    expect(plain.status).toBe(201);
    // The generation's status, its events again and its cancel (409: it finished).
    const { generation_id: gid } = (await plain.json()) as { generation_id: string };
    const viaGen = async (method: string, path: string, init: Init = {}) => {
      const res = await ai.request(path, { ...init, method });
      await assertMatchesContract(method, path, res);
      seen.add(`${method.toLowerCase()} ${matchPath(path)} ${res.status}`);
      return res;
    };
    expect((await viaGen("GET", `/api/ai/generations/${gid}/`, { token })).status).toBe(200);
    expect((await viaGen("GET", `/api/ai/generations/${gid}/`)).status).toBe(404);
    const replay = await viaGen("GET", `/api/ai/generations/${gid}/stream/`, { token });
    expect(await replay.text()).toMatch(/event: done/);
    expect((await viaGen("DELETE", `/api/ai/generations/${gid}/`, { token })).status).toBe(409);
    const streamed = await viaAi({
      method: "POST",
      token,
      json: input,
      headers: { accept: "text/event-stream" },
    });
    expect(streamed.status).toBe(200);
    expect(await streamed.text()).toMatch(/event: chunk[\s\S]*event: done/);
    await ai.close();
  });

  it("documents: a JSON Resume import, exports in every format", async () => {
    const { access: token } = await signUp();
    const imported = { basics: { name: "Ann Lee" }, skills: [{ name: "Go" }] };
    const r = await json<{ id: number }>(
      "/api/resumes/import/",
      { method: "POST", token, json: imported },
      201,
    );
    await json("/api/resumes/import/", { method: "POST", token, json: {} }, 400);
    for (const format of ["md", "docx", "pdf"]) {
      const res = await call(`/api/resumes/${r.id}/export/?format=${format}`, { token });
      expect({ format, status: res.status }).toEqual({ format, status: 200 });
    }
    await json(`/api/resumes/${r.id}/export/?format=json`, { token }, 200);
    await json(`/api/resumes/${r.id}/export/?format=x`, { token }, 400);
    await json("/api/resumes/999999999/export/", { token }, 404);
    const me = (await json<{ id: number }>("/api/auth/me/", { token }, 200)).id;
    const [letter] = await t.deps.database.db
      .insert(coverLetter)
      .values({ userId: me, title: "Letter", content: "Dear team," })
      .returning({ id: coverLetter.id });
    for (const format of ["md", "docx", "pdf"]) {
      const res = await call(`/api/cover-letters/${letter?.id}/export/?format=${format}`, {
        token,
      });
      expect({ format, status: res.status }).toEqual({ format, status: 200 });
    }
    await json(`/api/cover-letters/${letter?.id}/export/?format=json`, { token }, 400);
    await json("/api/cover-letters/999999999/export/", { token }, 404);
  });

  it("admin: staff CRUD of AI models, 403 for others", async () => {
    const staff = await createUserWithToken(t, { isStaff: true });
    const user = await createUserWithToken(t);
    const base = "/api/admin/ai-models/";
    await json(base, { token: user.token }, 403);
    await json(base, { token: staff.token }, 200);
    const body = {
      display_name: uniqueName("Model"),
      model_name: "vendor/model",
      api_provider: "open_router",
      api_key_name: "OPENROUTER_API_KEY",
    };
    const m = await json<{ id: number }>(
      base,
      { method: "POST", token: staff.token, json: body },
      201,
    );
    await json(`${base}${m.id}/`, { token: staff.token }, 200);
    await json(`${base}${m.id}/`, { method: "PUT", token: staff.token, json: body }, 200);
    await json(
      `${base}${m.id}/`,
      { method: "PATCH", token: staff.token, json: { is_active: false } },
      200,
    );
    await json(`${base}${m.id}/`, { method: "DELETE", token: staff.token }, 204);
    await json(`${base}${m.id}/`, { token: staff.token }, 404);
  });

  it("copilot writing: tailor and cover letter (JSON, SSE); cover letters CRUD", async () => {
    const { access: token } = await signUp();
    const cv = await json<{ id: number }>(
      "/api/resumes/",
      { method: "POST", token, json: { title: "CV", content: "# Jane Doe" } },
      201,
    );
    const app = await json<{ id: number }>(
      "/api/job-applications/",
      {
        method: "POST",
        token,
        json: { company_name: "Acme", original_job_description: "Go, SQL.", resume_used: cv.id },
      },
      201,
    );
    const paths = ["tailor", "cover-letter"].map((p) => `/api/job-applications/${app.id}/${p}/`);
    const missing = { method: "POST", token, json: { model: "Deepseek" } };
    for (const path of paths) {
      await json(path, { method: "POST", token, json: {} }, 400);
      await json(path.replace(`/${app.id}/`, "/999999999/"), missing, 404);
    }
    const ai = await stubbedAi();
    const viaAi = async (path: string, init: Init) =>
      record("POST", path, await ai.request(path, init));
    const body = { model: "Deepseek" };
    const sse = { accept: "text/event-stream" };
    let letter = { id: 0 };
    for (const path of paths) {
      const plain = await viaAi(path, { method: "POST", token, json: body });
      expect(plain.status).toBe(201);
      if (path.endsWith("cover-letter/")) letter = (await plain.json()) as { id: number };
      const streamed = await viaAi(path, { method: "POST", token, json: body, headers: sse });
      expect(await streamed.text()).toMatch(/event: chunk[\s\S]*event: done/);
    }
    await ai.close();
    const one = `/api/cover-letters/${letter.id}/`;
    await json(`/api/cover-letters/?job_application=${app.id}`, { token }, 200);
    await json("/api/cover-letters/?job_application=x", { token }, 400);
    await json(one, { token }, 200);
    await json(one, { method: "PATCH", token, json: { title: "" } }, 400);
    await json(one, { method: "PATCH", token, json: { title: "To Acme" } }, 200);
    await json(one, { method: "DELETE", token }, 204);
    await json(one, { token }, 404);
  });

  it("webhooks: CRUD, a test ping, the delivery log and a retry", async () => {
    const { access: token } = await signUp();
    const base = "/api/webhooks/";
    // Loopback, port 9 (nothing listens): no worker runs here, and none elsewhere could reach out.
    const url = "http://127.0.0.1:9/hook";
    const hook = await json<{ id: number }>(
      base,
      { method: "POST", token, json: { url, events: ["*"], description: "CRM" } },
      201,
    );
    await json(
      base,
      { method: "POST", token, json: { url: "https://10.0.0.1/", events: [] } },
      400,
    );
    await json(base, { token }, 200);
    const one = `${base}${hook.id}/`;
    await json(one, { token }, 200);
    await json(one, { method: "PATCH", token, json: { events: ["ping"] } }, 200);
    await json(`${one}test/`, { method: "POST", token }, 202);
    const [ping] = await json<{ id: number }[]>(`${one}deliveries/`, { token }, 200);
    await json(`${one}deliveries/${ping?.id}/retry/`, { method: "POST", token }, 202);
    await json(`${one}deliveries/999999999/retry/`, { method: "POST", token }, 404);
    await json(one, { method: "DELETE", token }, 204);
    await json(one, { token }, 404);
  });

  it("mcp: JSON-RPC answers, the transport's refusals, 405 on GET", async () => {
    const { token } = await createUserWithToken(t);
    const rpc = (body: unknown) => ({
      method: "POST",
      token,
      headers: { accept: "application/json, text/event-stream" },
      json: body,
    });
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "contract", version: "1" },
      },
    };
    await json("/mcp", rpc(init), 200);
    await json("/mcp", rpc([{ jsonrpc: "2.0", id: 2, method: "ping" }]), 200);
    expect(
      (await call("/mcp", rpc({ jsonrpc: "2.0", method: "notifications/initialized" }))).status,
    ).toBe(202);
    await json("/mcp", rpc({ not: "json-rpc" }), 400);
    await json("/mcp", { ...rpc(init), headers: { accept: "application/json" } }, 406);
    const plain = { "content-type": "text/plain", accept: "application/json, text/event-stream" };
    await json("/mcp", { method: "POST", token, headers: plain, body: JSON.stringify(init) }, 415);
    await json("/mcp", { token }, 405);
    await json("/mcp", { method: "POST", json: init }, 401);
  });

  it("exercised every documented operation", () => {
    const missing = routeTable
      .map((r) => `${r.method} ${r.path}`)
      .filter((op) => ![...seen].some((s) => s.startsWith(`${op} `)));
    expect(missing).toEqual([]);
  });
});
