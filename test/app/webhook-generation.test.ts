import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authUser, webhook, webhookDelivery } from "../../src/db/schema";
import { ANONYMOUS_USERNAME } from "../../src/features/seed";
import { type AiTestContext, createModel, generate, useAiTestContext } from "../helpers/ai";
import { answer } from "../helpers/api";
import { createUserWithToken } from "../helpers/factories";

/** A saved generation records its webhook events in the statement that saves it. */
let t: AiTestContext;
// A generous provider budget: this file is about what the save writes, not about timeouts.
useAiTestContext(
  (ctx) => {
    t = ctx;
  },
  { AI_TIMEOUT_MS: "20000", WEBHOOK_ALLOW_PRIVATE: "true" },
);

async function hookFor(token: string, events: string[]) {
  const made = await t
    .request("/api/webhooks/", {
      method: "POST",
      token,
      json: { url: "http://127.0.0.1:9/hook", events },
    })
    .then(answer);
  expect(made.status).toBe(201);
  return (made.body as { id: number }).id;
}

const logged = (webhookId: number) =>
  t.deps.database.db
    .select()
    .from(webhookDelivery)
    .where(eq(webhookDelivery.webhookId, webhookId))
    .orderBy(webhookDelivery.event);

describe("ai.generation.completed", () => {
  it("is recorded with resume.created when a generation saves a resume", async () => {
    const user = await createUserWithToken(t);
    const all = await hookFor(user.token, ["*"]);
    const onlyAi = await hookFor(user.token, ["ai.generation.completed"]);
    const model = await createModel(t, { provider: "google_gemini", loginRequired: true });
    const res = await generate(t, model.displayName, { token: user.token, title: "Made" });
    expect(res.status).toBe(201);
    const { resume_id } = (await res.json()) as { resume_id: number };
    const rows = await logged(all);
    expect(rows.map((r) => [r.event, JSON.parse(r.data)])).toEqual([
      ["ai.generation.completed", { kind: "resume", model: model.displayName, resume_id }],
      [
        "resume.created",
        {
          id: resume_id,
          title: "Made",
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      ],
    ]);
    expect((await logged(onlyAi)).map((r) => r.event)).toEqual(["ai.generation.completed"]);
  });

  it("records no ai.generation.completed for an anonymous generation, even were its owner subscribed", async () => {
    const [anonymous] = await t.deps.database.db
      .select({ id: authUser.id })
      .from(authUser)
      .where(eq(authUser.username, ANONYMOUS_USERNAME));
    const [hook] = await t.deps.database.db
      .insert(webhook)
      .values({
        userId: anonymous?.id ?? 0,
        url: "http://127.0.0.1:9/hook",
        events: ["*"],
        secret: "whsec_AAAA",
        createdAt: "2026-01-15T10:30:00Z",
        updatedAt: "2026-01-15T10:30:00Z",
      })
      .returning();
    try {
      const model = await createModel(t);
      expect((await generate(t, model.displayName)).status).toBe(201);
      // (The anonymous owner cannot sign in to make a webhook; one put there by hand would still
      // hear the generated resume's resume.created, which the resumes target records for the
      // owner row.)
      const events = (await logged(hook?.id ?? 0)).map((r) => r.event);
      expect(events).not.toContain("ai.generation.completed");
    } finally {
      await t.deps.database.db.delete(webhook).where(eq(webhook.id, hook?.id ?? 0));
    }
  });
});
