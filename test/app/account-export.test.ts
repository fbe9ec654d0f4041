import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personalToken, shareLink } from "../../src/db/schema";
import { createApplication, createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
});
afterAll(() => t.close());

describe("GET /api/auth/me/export/", () => {
  it("is an attachment with everything the account owns and no secret", async () => {
    const user = await createUserWithToken(t);
    const other = await createUserWithToken(t);
    const cv = await createResume(t, user, { title: "Mine" });
    await createResume(t, other, { title: "Not mine" });
    await t.request(`/api/resumes/${cv.id}/`, {
      method: "PATCH",
      token: user.token,
      json: { content: "# Changed" },
    });
    const app = await createApplication(t, user, { resume_used: cv.id });
    const shared = await t.request(`/api/resumes/${cv.id}/share/`, {
      method: "POST",
      token: user.token,
      json: { password: "a long share password" },
    });
    const { url } = (await shared.json()) as { url: string };
    const made = await t.request("/api/auth/tokens/", {
      method: "POST",
      token: user.token,
      json: { name: "exporter", scopes: ["account:read"] },
    });
    const { token } = (await made.json()) as { token: string };
    const hooked = await t.request("/api/webhooks/", {
      method: "POST",
      token: user.token,
      json: { url: "http://127.0.0.1:9/hook", events: ["*"] },
    });
    const { secret: hookSecret } = (await hooked.json()) as { secret: string };

    const tracked = (path: string, json: Record<string, unknown>) =>
      t
        .request(path, { method: "POST", token: user.token, json })
        .then(async (r) => ({ status: r.status, body: (await r.json()) as { id: number } }));
    const note = await tracked(`/api/job-applications/${app.id}/notes/`, { text: "Called back" });
    const met = await tracked(`/api/job-applications/${app.id}/interviews/`, {
      scheduled_at: "2030-01-15T10:00:00Z",
    });
    const due = await tracked(`/api/job-applications/${app.id}/reminders/`, {
      due_at: "2030-01-10T09:00:00Z",
      note: "Follow up",
    });
    const person = await tracked("/api/contacts/", { name: "Ada", job_applications: [app.id] });
    expect([note.status, met.status, due.status, person.status]).toEqual([201, 201, 201, 201]);

    const res = await t.request("/api/auth/me/export/", { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="resumate-export-${user.id}.json"`,
    );
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown[]> & {
      resumes: unknown[];
      profile: Record<string, unknown>;
    };
    expect(body.profile).toMatchObject({ id: user.id, username: user.username });
    expect(body.profile).not.toHaveProperty("password");
    expect(body.resumes).toHaveLength(1);
    expect(body.resumes[0]).toMatchObject({ id: cv.id, title: "Mine", content: "# Changed" });
    expect((body.resumes[0] as { versions: unknown[] }).versions.length).toBeGreaterThan(0);
    expect(body.job_applications).toEqual([expect.objectContaining({ id: app.id })]);
    expect(body.share_links).toHaveLength(1);
    expect(body.personal_tokens).toEqual([
      expect.objectContaining({ name: "exporter", token_hint: token.slice(-4) }),
    ]);
    expect(body.webhooks).toEqual([
      expect.objectContaining({ url: "http://127.0.0.1:9/hook", events: ["*"] }),
    ]);
    expect(body.webhooks?.[0]).not.toHaveProperty("secret");
    expect(body.timeline).toEqual([
      expect.objectContaining({ job_application_id: app.id, kind: "created" }),
      expect.objectContaining({ job_application_id: app.id, kind: "resume_sent" }),
      expect.objectContaining({ id: note.body.id, kind: "note", data: { text: "Called back" } }),
      expect.objectContaining({
        kind: "interview_scheduled",
        data: { interview_id: met.body.id },
      }),
    ]);
    expect(body.interviews).toEqual([
      expect.objectContaining({ id: met.body.id, job_application_id: app.id }),
    ]);
    expect(body.reminders).toEqual([
      expect.objectContaining({ id: due.body.id, note: "Follow up" }),
    ]);
    expect(body.contacts).toEqual([
      expect.objectContaining({ id: person.body.id, name: "Ada", job_applications: [app.id] }),
    ]);
    expect(text).not.toContain("Not mine");

    // No secret, no hash of one.
    const [link] = await t.deps.database.db
      .select()
      .from(shareLink)
      .where(eq(shareLink.userId, user.id));
    const [pat] = await t.deps.database.db
      .select()
      .from(personalToken)
      .where(eq(personalToken.userId, user.id));
    const shareToken = url.split("/").filter(Boolean).at(-1) ?? "";
    const secrets = [token, link?.tokenHash, link?.passwordHash, pat?.tokenHash, shareToken];
    for (const secret of [...secrets, hookSecret.slice(6)]) {
      expect(secret && secret.length > 8).toBe(true);
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain("pbkdf2_sha256$");
  });

  it("needs account:read from a token; a session may always", async () => {
    const user = await createUserWithToken(t);
    expect((await t.request("/api/auth/me/export/", { token: user.token })).status).toBe(200);
    const made = await t.request("/api/auth/tokens/", {
      method: "POST",
      token: user.token,
      json: { name: "narrow", scopes: ["resumes:read"] },
    });
    const { token } = (await made.json()) as { token: string };
    const res = await t.request("/api/auth/me/export/", { token });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      detail: 'This token does not have the scope "account:read".',
    });
    expect((await t.request("/api/auth/me/export/")).status).toBe(401);
  });
});
