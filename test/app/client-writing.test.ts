import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AiProvider } from "../../src/ai-providers/provider";
import { createResumateClient } from "../../src/client";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

/** An in-process provider: these tests are about the client, not the provider's wire format. */
const stub: AiProvider = {
  generate: async () => ({ text: "Dear Hiring Manager,\n\nGo and SQL." }),
  async *stream() {
    yield "Dear Hiring Manager,\n\n";
    yield "Go and SQL.";
    return undefined;
  },
};

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    env: { OPENROUTER_API_KEY: "test-key" },
    deps: { ai: { google_gemini: stub, open_router: stub, openai_compatible: stub } },
  });
});
afterAll(() => t.close());

async function signedInClient() {
  const user = await createUserWithToken(t);
  const api = createResumateClient({
    baseUrl: "http://localhost",
    fetch: (input, init) =>
      t.request(new URL(String(input)).pathname + new URL(String(input)).search, init),
  });
  api.tokens.set({ access: user.token, refresh: "unused" });
  return api;
}

describe("typed client: tailoring and cover letters", () => {
  it("tailors (JSON and stream), writes a cover letter (stream), lists and edits letters", async () => {
    const api = await signedInClient();
    const cv = await api.post("/api/resumes/", { body: { title: "CV", content: "# Jane Doe" } });
    if (!cv.ok) throw new Error("resume");
    const app = await api.post("/api/job-applications/", {
      body: { company_name: "Acme", original_job_description: "Go, SQL.", resume_used: cv.data.id },
    });
    if (!app.ok) throw new Error("application");
    const id = app.data.id;

    const tailored = await api.post("/api/job-applications/{id}/tailor/", {
      params: { id },
      body: { model: "Deepseek" },
    });
    expect(tailored).toMatchObject({
      ok: true,
      status: 201,
      data: { match: { before: expect.any(Number), after: expect.any(Number) } },
    });

    const streamed = await api.tailorStream(id, { model: "Deepseek", title: "For Acme" });
    if (!streamed.ok) throw new Error("tailor stream");
    const events = [];
    for await (const e of streamed.data) events.push(e);
    const done = events.at(-1);
    if (done?.event !== "done") throw new Error(`no done event: ${JSON.stringify(events)}`);
    const linked = await api.get("/api/job-applications/{id}/", { params: { id } });
    expect(linked).toMatchObject({ ok: true, data: { resume_used: done.data.resume_id } });

    const letter = await api.coverLetterStream(id, { model: "Deepseek" });
    if (!letter.ok) throw new Error("letter stream");
    let text = "";
    let letterId = 0;
    for await (const e of letter.data) {
      if (e.event === "chunk") text += e.data.text;
      else if (e.event === "done") letterId = e.data.id;
    }
    expect(text).toBe("Dear Hiring Manager,\n\nGo and SQL.");
    const list = await api.get("/api/cover-letters/", { query: { job_application: id } });
    expect(list).toMatchObject({
      ok: true,
      data: [{ id: letterId, job_application: id, content: text }],
    });
    const edited = await api.patch("/api/cover-letters/{id}/", {
      params: { id: letterId },
      body: { title: "To Acme" },
    });
    expect(edited).toMatchObject({ ok: true, data: { title: "To Acme" } });
    const file = await api.download("/api/cover-letters/{id}/export/", {
      params: { id: letterId },
      query: { format: "md" },
    });
    if (!file.ok) throw new Error(`letter export ${file.status}`);
    expect(file.data.filename).toBe("To Acme.md");
    expect(file.data.contentType).toContain("text/markdown");
    expect(await file.data.blob.text()).toContain("Go and SQL.");
    const removed = await api.delete("/api/cover-letters/{id}/", { params: { id: letterId } });
    expect(removed).toMatchObject({ ok: true, status: 204, data: null });
    const gone = await api.get("/api/cover-letters/{id}/", { params: { id: letterId } });
    expect(gone).toMatchObject({ ok: false, status: 404, error: { detail: "Not found." } });

    const missing = await api.coverLetterStream(999_999_999, { model: "Deepseek" });
    expect(missing).toMatchObject({ ok: false, status: 404, error: { detail: "Not found." } });
  });
});
