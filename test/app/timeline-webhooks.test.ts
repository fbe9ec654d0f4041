import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookDelivery } from "../../src/db/schema";
import { createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * The tracker's part B writes (bulk, CSV import, a scheduled interview) next to the webhook
 * outbox: each change is on the timeline once and in the outbox as a single change would be,
 * in the same transaction (a refused change writes neither).
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    env: { WEBHOOK_ALLOW_PRIVATE: "true", THROTTLE_BULK: "1000/hour" },
  });
});
afterAll(() => t.close());

async function subscribed() {
  const user = await createUserWithToken(t);
  const res = await t.request("/api/webhooks/", {
    method: "POST",
    token: user.token,
    json: { url: "http://127.0.0.1:9/hook", events: ["*"] },
  });
  expect(res.status).toBe(201);
  return { user, hookId: ((await res.json()) as { id: number }).id };
}

async function outbox(hookId: number) {
  const rows = await t.deps.database.db
    .select({ event: webhookDelivery.event, data: webhookDelivery.data })
    .from(webhookDelivery)
    .where(eq(webhookDelivery.webhookId, hookId))
    .orderBy(webhookDelivery.id);
  return rows.map((r) => ({ event: r.event, data: JSON.parse(r.data) as Record<string, unknown> }));
}

async function kinds(user: TestUser, id: number) {
  const res = await t.request(`/api/job-applications/${id}/timeline/`, { token: user.token });
  return ((await res.json()) as { kind: string; data: unknown }[]).map((e) => [e.kind, e.data]);
}

const post = (user: TestUser, path: string, json: unknown) =>
  t.request(path, { method: "POST", token: user.token, json });

describe("bulk changes and webhooks", () => {
  it("a status change: updated for each row, status_changed for each row that moved", async () => {
    const { user, hookId } = await subscribed();
    const a = await createApplication(t, user);
    const b = await createApplication(t, user, { status: "Offer" });
    const before = (await outbox(hookId)).length;
    const res = await post(user, "/api/job-applications/bulk/", {
      ids: [a.id, b.id],
      action: "update",
      status: "Offer",
    });
    expect(res.status).toBe(200);
    const events = (await outbox(hookId)).slice(before);
    expect(events.map((e) => [e.event, e.data.id])).toEqual([
      ["job_application.updated", a.id],
      ["job_application.status_changed", a.id],
      ["job_application.updated", b.id],
    ]);
    expect(events[1]?.data).toEqual({ id: a.id, from: "Applied", to: "Offer" });
    expect(events[0]?.data).toMatchObject({ id: a.id, status: "Offer" });
  });

  it("delete and restore: deleted {id}, then updated; a refused bulk writes nothing", async () => {
    const { user, hookId } = await subscribed();
    const a = await createApplication(t, user);
    const before = (await outbox(hookId)).length;
    expect(
      (await post(user, "/api/job-applications/bulk/", { ids: [a.id], action: "delete" })).status,
    ).toBe(200);
    expect(
      (await post(user, "/api/job-applications/bulk/", { ids: [a.id], action: "delete" })).status,
    ).toBe(400);
    expect(
      (await post(user, "/api/job-applications/bulk/", { ids: [a.id], action: "restore" })).status,
    ).toBe(200);
    const events = (await outbox(hookId)).slice(before);
    expect(events.map((e) => e.event)).toEqual([
      "job_application.deleted",
      "job_application.updated",
    ]);
    expect(events[0]?.data).toEqual({ id: a.id });
    expect((await kinds(user, a.id)).map(([k]) => k)).toEqual(["created", "deleted", "restored"]);
  });
});

describe("CSV import and webhooks", () => {
  const importCsv = (user: TestUser, body: string) =>
    t.request("/api/job-applications/import/", {
      method: "POST",
      token: user.token,
      headers: { "content-type": "text/csv" },
      body,
    });

  it("one job_application.created per row, with the row's data; a refused file none", async () => {
    const { user, hookId } = await subscribed();
    const bad = await importCsv(
      user,
      "Company,Position,Stage\r\nAcme,Engineer,Applied\r\nX,Y,Bogus\r\n",
    );
    expect(bad.status).toBe(400);
    expect(await outbox(hookId)).toEqual([]);
    const res = await importCsv(
      user,
      "Company,Position,Stage\r\nAcme,Engineer,Applied\r\nInitech,SRE,offer\r\n",
    );
    expect(res.status).toBe(201);
    const { ids } = (await res.json()) as { ids: number[] };
    const events = await outbox(hookId);
    expect(events.map((e) => [e.event, e.data.id])).toEqual([
      ["job_application.created", ids[0]],
      ["job_application.created", ids[1]],
    ]);
    expect(events[1]?.data).toMatchObject({ company_name: "Initech", status: "Offer" });
  });
});

describe("a scheduled interview", () => {
  it("is on the timeline once and in the outbox once; a refused one is on neither", async () => {
    const { user, hookId } = await subscribed();
    const app = await createApplication(t, user);
    const path = `/api/job-applications/${app.id}/interviews/`;
    expect((await post(user, path, { scheduled_at: "not a date" })).status).toBe(400);
    const res = await post(user, path, { scheduled_at: "2030-02-01T09:30:00Z" });
    expect(res.status).toBe(201);
    const interview = (await res.json()) as { id: number };
    expect(await kinds(user, app.id)).toEqual([
      ["created", { status: "Applied" }],
      ["interview_scheduled", { interview_id: interview.id }],
    ]);
    const events = (await outbox(hookId)).filter((e) => e.event === "interview.scheduled");
    expect(events).toEqual([
      { event: "interview.scheduled", data: expect.objectContaining({ id: interview.id }) },
    ]);
    // Another user's application: 404, nothing recorded anywhere.
    const other = await createUserWithToken(t);
    expect((await post(other, path, { scheduled_at: "2030-02-01T09:30:00Z" })).status).toBe(404);
    expect((await kinds(user, app.id)).length).toBe(2);
  });
});
