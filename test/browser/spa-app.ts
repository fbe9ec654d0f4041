/**
 * The SPA of the browser test: bundled with the package's typed client (src/client) and run in
 * Chromium from another origin, so every call is a real cross-origin fetch with CORS preflights.
 */
import { createResumateClient } from "../../src/client";

export interface FlowResult {
  username: string;
  refreshedOn401: boolean;
  plain: { status: number; resumeId?: number };
  stream: { chunks: number; text: string; resumeId?: number; error?: string };
  applications: { created: number; status: string; count: number; interviewing: number };
  errors: string[];
}

const log = (line: string) => {
  const el = document.getElementById("log");
  if (el) el.textContent += `${line}\n`;
};

async function runFlow(apiBase: string, model: string): Promise<FlowResult> {
  const errors: string[] = [];
  const api = createResumateClient({
    baseUrl: apiBase,
    onSessionExpired: () => errors.push("expired"),
  });
  const username = `spa_${Math.random().toString(36).slice(2, 12)}`;
  const password = "correct horse battery staple";
  const reg = await api.post("/api/auth/register/", {
    body: { username, email: `${username}@example.com`, password, password2: password },
  });
  log(`register → ${reg.status}`);
  const login = await api.login(username, password);
  log(`login → ${login.status}`);

  // Pretend the access token expired: the client must refresh and repeat the call (a new access
  // token; the refresh token is kept, or replaced when the server rotates it).
  const pair = api.tokens.get();
  if (pair) api.tokens.set({ ...pair, access: "expired.access.token" });
  const me = await api.get("/api/auth/me/");
  const refreshedOn401 =
    me.ok && api.tokens.get()?.access !== "expired.access.token" && !!api.tokens.get()?.refresh;
  log(`me after an expired access token → ${me.status} (refreshed: ${refreshedOn401})`);

  const userInput = "Jane Doe, backend engineer with six years of Go and Python, led payments.";
  const plain = await api.post("/api/ai/generate/", { body: { model, user_input: userInput } });
  log(`generate → ${plain.status}`);

  const out = document.getElementById("resume");
  const stream: FlowResult["stream"] = { chunks: 0, text: "" };
  const started = await api.generateStream({ model, user_input: userInput, title: "Streamed" });
  if (started.ok) {
    for await (const e of started.data) {
      if (e.event === "chunk") {
        stream.chunks += 1;
        stream.text += e.data.text;
        if (out) out.textContent = stream.text;
      } else if (e.event === "done") stream.resumeId = e.data.resume_id;
      else stream.error = e.data.error;
    }
  } else errors.push(`stream ${started.status}`);
  log(`stream → ${stream.chunks} chunks, resume ${stream.resumeId}`);

  const resumeId = plain.ok && plain.data ? plain.data.resume_id : undefined;
  const created = await api.post("/api/job-applications/", {
    body: { job_title: "Backend engineer", company_name: "Acme", resume_used: resumeId ?? null },
  });
  if (!created.ok) throw new Error(`create application: ${created.status}`);
  const moved = await api.patch("/api/job-applications/{id}/", {
    params: { id: created.data.id },
    body: { status: "Interviewing" },
  });
  const page = await api.get("/api/job-applications/", { query: { limit: 10 } });
  const stats = await api.get("/api/job-applications/stats/");
  log(`applications → ${created.status}, ${moved.status}, ${page.status}, ${stats.status}`);
  await api.logout();
  log("logged out");
  return {
    username,
    refreshedOn401,
    plain: { status: plain.status, ...(resumeId ? { resumeId } : {}) },
    stream,
    applications: {
      created: created.status,
      status: moved.ok ? moved.data.status : `error ${moved.status}`,
      count: page.ok && "count" in page.data ? page.data.count : -1,
      interviewing: stats.ok ? stats.data.by_status.Interviewing : -1,
    },
    errors,
  };
}

export interface ResumeResult {
  chunks: string[];
  done?: { resume_id: number; generation_id: string };
  saved?: string;
  errors: string[];
}

/**
 * A streamed generation whose connection the test cuts mid-stream (a proxy between the browser
 * and the API): the typed client resumes it by itself with Last-Event-ID. Signs up first.
 */
async function runResume(apiBase: string, model: string): Promise<ResumeResult> {
  const errors: string[] = [];
  const api = createResumateClient({ baseUrl: apiBase });
  const username = `spa_${Math.random().toString(36).slice(2, 12)}`;
  const password = "correct horse battery staple";
  await api.post("/api/auth/register/", {
    body: { username, email: `${username}@example.com`, password, password2: password },
  });
  await api.login(username, password);
  const out = document.getElementById("resume");
  const result: ResumeResult = { chunks: [], errors };
  const userInput = "Jane Doe, backend engineer with six years of Go and Python, led payments.";
  const started = await api.generateStream({ model, user_input: userInput, title: "Resumed" });
  if (!started.ok) {
    errors.push(`stream ${started.status}`);
    return result;
  }
  try {
    for await (const e of started.data) {
      if (e.event === "chunk") {
        result.chunks.push(e.data.text);
        if (out) out.textContent = result.chunks.join("");
      } else if (e.event === "done") result.done = e.data;
      else errors.push(e.data.error);
    }
  } catch (err) {
    errors.push(String(err));
  }
  log(`resumed stream → ${result.chunks.length} chunks, resume ${result.done?.resume_id}`);
  if (result.done) {
    const saved = await api.get("/api/resumes/{id}/", { params: { id: result.done.resume_id } });
    if (saved.ok) result.saved = saved.data.content;
  }
  return result;
}

(globalThis as unknown as { runFlow: typeof runFlow }).runFlow = runFlow;
(globalThis as unknown as { runResume: typeof runResume }).runResume = runResume;
