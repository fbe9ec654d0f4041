import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResumateClient, parseSseStream } from "../../src/client";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** The client's fetch goes to the in-process app (same code path as a browser's fetch). */
const client = (onSessionExpired?: () => void) =>
  createResumateClient({
    baseUrl: "http://localhost",
    fetch: (input, init) =>
      t.request(new URL(String(input)).pathname + new URL(String(input)).search, init),
    ...(onSessionExpired ? { onSessionExpired } : {}),
  });

const password = "correct horse battery staple";

describe("typed client", () => {
  it("versions, trash and share links, typed", async () => {
    const api = client();
    const username = uniqueName();
    await api.post("/api/auth/register/", {
      body: { username, email: `${username}@example.com`, password, password2: password },
    });
    await api.login(username, password);
    const resume = await api.post("/api/resumes/", { body: { title: "CV", content: "one" } });
    if (!resume.ok) throw new Error(`resume: ${resume.status}`);
    const id = resume.data.id;
    await api.patch("/api/resumes/{id}/", { params: { id }, body: { content: "two" } });
    const versions = await api.get("/api/resumes/{id}/versions/", { params: { id } });
    if (!versions.ok) throw new Error(`versions: ${versions.status}`);
    const vid = versions.data[0]?.id ?? 0;
    const version = await api.get("/api/resumes/{id}/versions/{vid}/", { params: { id, vid } });
    expect(version).toMatchObject({ ok: true, data: { id: vid, title: "CV", content: "one" } });
    const restored = await api.post("/api/resumes/{id}/versions/{vid}/restore/", {
      params: { id, vid },
    });
    expect(restored.ok && restored.data.content).toBe("one");
    const link = await api.post("/api/resumes/{id}/share/", {
      params: { id },
      body: { expires_in_days: 7, password: "open sesame" },
    });
    if (!link.ok) throw new Error(`share: ${link.status}`);
    const shared = await api.get("/api/shared/{token}/", {
      params: { token: link.data.token },
      headers: { "X-Share-Password": "open sesame" },
    });
    expect(shared.ok && shared.data.content).toBe("one");
    expect((await api.delete("/api/resumes/{id}/share/", { params: { id } })).status).toBe(204);
    await api.delete("/api/resumes/{id}/", { params: { id } });
    const trash = await api.get("/api/resumes/trash/");
    expect(trash.ok && trash.data.map((r) => r.id)).toEqual([id]);
    const back = await api.post("/api/resumes/trash/{id}/restore/", { params: { id } });
    expect(back.ok && back.data.id).toBe(id);
  });

  it("registers, logs in, refreshes on 401 and tracks applications", async () => {
    const api = client();
    const username = uniqueName();
    const reg = await api.post("/api/auth/register/", {
      body: { username, email: `${username}@example.com`, password, password2: password },
    });
    expect(reg.ok && reg.data.username).toBe(username);
    const login = await api.login(username, password);
    expect(login.ok).toBe(true);
    const first = api.tokens.get();

    // The access token expires; the next call refreshes and repeats itself. Without rotation
    // (simplejwt's default) the client keeps the refresh token it has.
    t.clock.advance((t.deps.config.ACCESS_TOKEN_LIFETIME + 5) * 1000);
    const me = await api.get("/api/auth/me/");
    expect(me).toMatchObject({ ok: true, status: 200, data: { username } });
    expect(api.tokens.get()?.access).not.toBe(first?.access);
    expect(api.tokens.get()?.refresh).toBe(first?.refresh);

    const resume = await api.post("/api/resumes/", { body: { title: "CV", content: "# Me" } });
    if (!resume.ok) throw new Error(`resume: ${resume.status}`);
    const app = await api.post("/api/job-applications/", {
      body: { job_title: "Dev", company_name: "Acme", resume_used: resume.data.id },
    });
    if (!app.ok) throw new Error(`application: ${app.status}`);
    const moved = await api.patch("/api/job-applications/{id}/", {
      params: { id: app.data.id },
      body: { status: "Interviewing" },
    });
    expect(moved.ok && moved.data.status).toBe("Interviewing");
    const page = await api.get("/api/job-applications/", {
      query: { limit: 10, status: "Interviewing" },
    });
    expect(page).toMatchObject({ ok: true, data: { count: 1, results: [{ id: app.data.id }] } });
    const stats = await api.get("/api/job-applications/stats/");
    expect(stats.ok && stats.data.by_status.Interviewing).toBe(1);

    const bad = await api.post("/api/resumes/", { body: { title: "", content: "x" } });
    expect(bad).toMatchObject({
      ok: false,
      status: 400,
      error: { title: ["This field may not be blank."] },
    });

    await api.logout();
    expect(api.tokens.get()).toBeNull();
    expect((await api.get("/api/resumes/")).status).toBe(401);
  });

  it("with ROTATE_REFRESH_TOKENS=true, takes the rotated refresh token", async () => {
    const rotating = await createTestContext({
      env: { ROTATE_REFRESH_TOKENS: "true" },
      database: t.deps.database,
    });
    try {
      const api = createResumateClient({
        baseUrl: "http://localhost",
        fetch: (input, init) => rotating.request(new URL(String(input)).pathname, init),
      });
      const username = uniqueName();
      await api.post("/api/auth/register/", {
        body: { username, email: `${username}@example.com`, password, password2: password },
      });
      expect((await api.login(username, password)).ok).toBe(true);
      const first = api.tokens.get();
      rotating.clock.advance((rotating.deps.config.ACCESS_TOKEN_LIFETIME + 5) * 1000);
      expect(await api.get("/api/auth/me/")).toMatchObject({ ok: true, data: { username } });
      const second = api.tokens.get();
      expect(second?.refresh).not.toBe(first?.refresh);
      // The rotated token works for the next refresh (the first one is spent).
      rotating.clock.advance((rotating.deps.config.ACCESS_TOKEN_LIFETIME + 5) * 1000);
      expect(await api.get("/api/auth/me/")).toMatchObject({ ok: true, data: { username } });
      expect(api.tokens.get()?.refresh).not.toBe(second?.refresh);
    } finally {
      await rotating.close();
    }
  });

  it("forgets the session when the refresh token is rejected", async () => {
    let expired = 0;
    const api = client(() => {
      expired += 1;
    });
    api.tokens.set({ access: "not-a-jwt", refresh: "not-a-jwt-either" });
    const res = await api.get("/api/resumes/");
    expect(res).toMatchObject({ ok: false, status: 401, error: { code: "token_not_valid" } });
    expect(expired).toBe(1);
    expect(api.tokens.get()).toBeNull();
  });

  it("parses server-sent events split anywhere across chunks", async () => {
    const text =
      'event: chunk\ndata: {"text":"Hé"}\n\n: comment\nevent: done\r\ndata: {"resume_id":7}\r\n\r\n';
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 3) c.enqueue(bytes.slice(i, i + 3));
        c.close();
      },
    });
    const events = [];
    for await (const e of parseSseStream(stream)) events.push(e);
    expect(events).toEqual([
      { event: "chunk", data: '{"text":"Hé"}' },
      { event: "done", data: '{"resume_id":7}' },
    ]);
  });

  it("imports a JSON Resume and downloads its exports as files", async () => {
    const api = client();
    const username = uniqueName();
    await api.post("/api/auth/register/", {
      body: { username, email: `${username}@example.com`, password, password2: password },
    });
    await api.login(username, password);
    const imported = await api.post("/api/resumes/import/", {
      body: { basics: { name: "Zoë Ng", label: "SRE" }, skills: [{ name: "Go" }] },
    });
    if (!imported.ok) throw new Error(`import answered ${imported.status}`);
    expect(imported.data.title).toBe("Zoë Ng (SRE)");
    const pdf = await api.download("/api/resumes/{id}/export/", {
      params: { id: imported.data.id },
      query: { format: "pdf" },
    });
    if (!pdf.ok) throw new Error(`export answered ${pdf.status}`);
    expect({ filename: pdf.data.filename, type: pdf.data.contentType }).toEqual({
      filename: "Zoë Ng (SRE).pdf",
      type: "application/pdf",
    });
    const head = new Uint8Array(await pdf.data.blob.arrayBuffer()).subarray(0, 5);
    expect(new TextDecoder().decode(head)).toBe("%PDF-");
    const md = await api.download("/api/resumes/{id}/export/", {
      params: { id: imported.data.id },
    });
    expect(md.ok && (await md.data.blob.text())).toBe("# Zoë Ng\n\nSRE\n\n## Skills\n\n- **Go**");
    const bad = await api.download("/api/resumes/{id}/export/", {
      params: { id: imported.data.id },
      // @ts-expect-error: the formats are typed; sent anyway, the server refuses it too
      query: { format: "rtf" },
    });
    expect({ ok: bad.ok, status: bad.status, error: !bad.ok && bad.error }).toEqual({
      ok: false,
      status: 400,
      error: { format: ['"rtf" is not a valid choice.'] },
    });
  });

  it("types paths, parameters and bodies from the route table", () => {
    const api = client();
    // Compile-time checks (tsc -p . covers test/); the calls are never awaited.
    // @ts-expect-error: not a documented path
    void api.get("/api/nope/");
    // @ts-expect-error: `{id}` needs params
    void api.get("/api/resumes/{id}/");
    // @ts-expect-error: title must be a string
    void api.post("/api/resumes/", { body: { title: 1, content: "x" } });
    // @ts-expect-error: only the export paths answer files
    void api.download("/api/resumes/", {});
    expect(typeof api.request).toBe("function");
  });

  it("reads a posting into an application and scores a resume against it (copilot)", async () => {
    const api = client();
    const username = uniqueName();
    await api.post("/api/auth/register/", {
      body: { username, email: `${username}@example.com`, password, password2: password },
    });
    await api.login(username, password);
    const draft = await api.post("/api/job-applications/intake/", {
      body: { text: "Platform engineer at Hooli\nRequirements:\n- Kafka\n- Terraform" },
    });
    expect(draft.ok && draft.data).toMatchObject({
      job_title: "Platform engineer",
      company_name: "Hooli",
    });
    const saved = await api.post("/api/job-applications/intake/", {
      query: { save: true },
      body: { text: "Platform engineer at Hooli\nRequirements:\n- Kafka\n- Terraform" },
    });
    // 200 (a draft) and 201 (the application) share the data type: `id` tells them apart.
    if (!saved.ok || !("id" in saved.data)) throw new Error(`intake: ${saved.status}`);
    const resume = await api.post("/api/resumes/", { body: { title: "CV", content: "Kafka" } });
    if (!resume.ok) throw new Error(`resume: ${resume.status}`);
    const score = await api.post("/api/job-applications/{id}/match/", {
      params: { id: saved.data.id },
      body: { resume: resume.data.id },
    });
    expect(score.ok && score.data).toMatchObject({
      score: expect.any(Number),
      matched: [{ keyword: "Kafka", weight: 4 }],
      missing: expect.arrayContaining([{ keyword: "Terraform", weight: 4 }]),
      resume_id: resume.data.id,
    });
  });
});
