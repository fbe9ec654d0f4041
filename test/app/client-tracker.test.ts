import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResumateClient } from "../../src/client";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
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

describe("typed client: the tracker", () => {
  it("schedules interviews, sets reminders, links contacts and makes a feed", async () => {
    const api = await signedInClient();
    const app = await api.post("/api/job-applications/", {
      body: { job_title: "SRE", company_name: "Acme" },
    });
    if (!app.ok) throw new Error("application");
    const id = app.data.id;

    const interview = await api.post("/api/job-applications/{id}/interviews/", {
      params: { id },
      body: { scheduled_at: "2026-03-02T10:00:00+01:00", kind: "onsite" },
    });
    expect(interview).toMatchObject({
      ok: true,
      status: 201,
      data: { job_application: id, scheduled_at: "2026-03-02T09:00:00Z", kind: "onsite" },
    });
    await api.post("/api/job-applications/{id}/interviews/", {
      params: { id },
      // @ts-expect-error: kind is one of the documented values
      body: { scheduled_at: "2026-03-02T10:00:00Z", kind: "dinner" },
    });
    const window = await api.get("/api/interviews/", {
      query: { from: "2026-03-01", to: "2026-04-01" },
    });
    expect(window).toMatchObject({ ok: true, data: [{ kind: "onsite" }] });

    const reminder = await api.post("/api/job-applications/{id}/reminders/", {
      params: { id },
      body: { due_at: "2026-03-01T09:00:00Z", note: "Prepare" },
    });
    if (!reminder.ok) throw new Error("reminder");
    const done = await api.patch("/api/reminders/{id}/", {
      params: { id: reminder.data.id },
      body: { done: true },
    });
    expect(done).toMatchObject({ ok: true, data: { done: true, note: "Prepare" } });
    const open = await api.get("/api/reminders/", { query: { done: false } });
    expect(open).toMatchObject({ ok: true, data: [] });

    const contact = await api.post("/api/contacts/", {
      body: { name: "Dana", job_applications: [id] },
    });
    expect(contact).toMatchObject({ ok: true, data: { name: "Dana", job_applications: [id] } });
    const refused = await api.post("/api/contacts/", {
      body: { name: "Eve", job_applications: [999_999_999] },
    });
    expect(refused).toMatchObject({
      ok: false,
      status: 400,
      error: { job_applications: ['Invalid pk "999999999" - object does not exist.'] },
    });

    const feed = await api.post("/api/calendar/", {});
    if (!feed.ok) throw new Error("feed");
    const ics = await t.request(new URL(feed.data.url, "http://localhost").pathname);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain("SUMMARY:On-site interview: SRE at Acme");
  });
});
