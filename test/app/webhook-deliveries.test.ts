import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhook, webhookDelivery } from "../../src/db/schema";
import { deliverDue } from "../../src/features/webhooks";
import { answer, createApplication, createResume } from "../helpers/api";
import { createTestContext, type TestContext, usingRealPostgres } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";
import { type Received, type Receiver, startReceiver } from "../helpers/webhook-receiver";

/**
 * Deliveries end to end in process: events recorded by the API's writes, the worker's run
 * (`deliverDue`) posting them to a receiver on 127.0.0.1 (WEBHOOK_ALLOW_PRIVATE=true), signatures
 * checked with the Standard Webhooks library, retries moved along by the test clock.
 */
const RETRY_SECONDS = [60, 60, 60, 60];
const MAX_ATTEMPTS = RETRY_SECONDS.length + 1;

let t: TestContext;
let rx: Receiver;
beforeAll(async () => {
  // Its own database on PostgreSQL: the clock moves by days here, so on the shared server this
  // file's worker would claim (and fail) every other file's pending delivery, as theirs would
  // claim its (on PGlite the worker's files run one at a time).
  t = await createTestContext({
    privateDatabase: usingRealPostgres,
    env: {
      WEBHOOK_ALLOW_PRIVATE: "true",
      WEBHOOK_RETRY_SECONDS: RETRY_SECONDS.join(","),
      // The clock moves by days here: the test users' tokens outlive that.
      ACCESS_TOKEN_LIFETIME: String(30 * 86_400),
    },
  });
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  await t.close();
});

const call = (user: TestUser, path: string, init: RequestInit & { json?: unknown } = {}) =>
  t.request(path, { ...init, token: user.token }).then(answer);

/** A user with one webhook to the receiver (under its own path, so tests tell theirs apart). */
async function subscriber(events: string[] = ["*"], path = crypto.randomUUID()) {
  const user = await createUserWithToken(t);
  const made = await call(user, "/api/webhooks/", {
    method: "POST",
    json: { url: `${rx.url}/${path}`, events },
  });
  expect(made.status).toBe(201);
  const hook = made.body as { id: number; secret: string };
  return { user, hook, path: `/${path}` };
}

const mine = (path: string) => rx.received.filter((r) => r.path === path);
const headersOf = (r: Received) => ({
  "webhook-id": String(r.headers["webhook-id"]),
  "webhook-timestamp": String(r.headers["webhook-timestamp"]),
  "webhook-signature": String(r.headers["webhook-signature"]),
});

async function deliveries(hookId: number) {
  return t.deps.database.db
    .select()
    .from(webhookDelivery)
    .where(eq(webhookDelivery.webhookId, hookId))
    .orderBy(webhookDelivery.id);
}

/** Runs the worker until nothing is due now. */
async function drain() {
  while ((await deliverDue(t.deps)) > 0) {}
}

describe("delivery", () => {
  it("posts a signed event that the Standard Webhooks library verifies", async () => {
    const { user, hook, path } = await subscriber();
    const app = await createApplication(t, user, { job_title: "Engineer", company_name: "Acme" });
    await drain();
    const [got] = mine(path);
    expect(got).toBeDefined();
    const r = got as Received;
    expect(r.headers["content-type"]).toBe("application/json");
    const verified = new Webhook(hook.secret).verify(r.body, headersOf(r));
    expect(verified).toEqual({
      type: "job_application.created",
      timestamp: expect.stringMatching(/Z$/),
      data: {
        id: app.id,
        job_title: "Engineer",
        company_name: "Acme",
        status: "Applied",
        date_applied: null,
        resume_used: null,
        is_deleted: false,
        created_at: expect.any(String),
        updated_at: app.updated_at,
      },
    });
    // A wrong secret does not verify.
    expect(() =>
      new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(r.body, headersOf(r)),
    ).toThrow();
    expect(await call(user, `/api/webhooks/${hook.id}/deliveries/`)).toEqual({
      status: 200,
      body: [
        expect.objectContaining({
          event: "job_application.created",
          status: "delivered",
          attempts: 1,
          response_status: 200,
          response_excerpt: "ok",
          delivered_at: expect.stringMatching(/Z$/),
        }),
      ],
    });
  });

  it("records updates, status changes, deletes and resumes; only what a webhook subscribes to", async () => {
    const { user, hook, path } = await subscriber([
      "job_application.status_changed",
      "job_application.deleted",
      "resume.created",
      "resume.updated",
      "resume.deleted",
    ]);
    const app = await createApplication(t, user);
    await call(user, `/api/job-applications/${app.id}/`, {
      method: "PATCH",
      json: { status: "Interviewing" },
    });
    await call(user, `/api/job-applications/${app.id}/`, { method: "PATCH", json: { notes: "x" } });
    await call(user, `/api/job-applications/${app.id}/`, { method: "DELETE" });
    const resume = await createResume(t, user);
    await call(user, `/api/resumes/${resume.id}/`, { method: "PATCH", json: { title: "New" } });
    await call(user, `/api/resumes/${resume.id}/`, { method: "DELETE" });
    await drain();
    expect(mine(path)).toHaveLength(5);
    expect((await deliveries(hook.id)).map((d) => d.status)).toEqual(Array(5).fill("delivered"));
    const bodies = mine(path).map((r) => JSON.parse(r.body) as { type: string; data: unknown });
    // A batch is sent side by side: arrival order is not the events' order.
    bodies.sort((a, b) => (a.type < b.type ? -1 : 1));
    expect(bodies.map((b) => [b.type, b.data])).toEqual([
      ["job_application.deleted", { id: app.id }],
      ["job_application.status_changed", { id: app.id, from: "Applied", to: "Interviewing" }],
      ["resume.created", expect.objectContaining({ id: resume.id, title: resume.title })],
      ["resume.deleted", { id: resume.id }],
      ["resume.updated", expect.objectContaining({ id: resume.id, title: "New" })],
    ]);
  });

  it("records nothing for a user without a webhook, or with an inactive one", async () => {
    const { user, hook } = await subscriber();
    await call(user, `/api/webhooks/${hook.id}/`, { method: "PATCH", json: { is_active: false } });
    await createApplication(t, user);
    const other = await createUserWithToken(t);
    await createApplication(t, other);
    expect(await deliveries(hook.id)).toEqual([]);
  });

  it("a test ping is delivered and logged", async () => {
    const { user, hook, path } = await subscriber(["resume.created"]);
    expect(await call(user, `/api/webhooks/${hook.id}/test/`, { method: "POST" })).toEqual({
      status: 202,
      body: expect.objectContaining({ event: "ping", status: "pending", attempts: 0 }),
    });
    await drain();
    const [got] = mine(path);
    expect(new Webhook(hook.secret).verify(got?.body ?? "", headersOf(got as Received))).toEqual({
      type: "ping",
      timestamp: expect.any(String),
      data: { webhook_id: hook.id },
    });
  });

  it("each delivery is sent once when workers run side by side", async () => {
    const { user, path } = await subscriber();
    for (let i = 0; i < 6; i++) await createApplication(t, user);
    await Promise.all([deliverDue(t.deps), deliverDue(t.deps), deliverDue(t.deps)]);
    await drain();
    const ids = mine(path).map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});

describe("retries", () => {
  it("retries with backoff under the same webhook-id, then fails; a manual retry delivers", async () => {
    const { user, hook, path } = await subscriber();
    rx.answer((res) => {
      res.statusCode = 503;
      res.end("down");
    });
    try {
      await createApplication(t, user);
      await drain();
      expect(mine(path)).toHaveLength(1);
      // Not due again before its wait.
      t.clock.advance(59_000);
      await drain();
      expect(mine(path)).toHaveLength(1);
      for (let i = 1; i < MAX_ATTEMPTS; i++) {
        t.clock.advance(61_000);
        await drain();
      }
      t.clock.advance(3_600_000);
      await drain();
      const attempts = mine(path);
      expect(attempts).toHaveLength(MAX_ATTEMPTS);
      expect(new Set(attempts.map((r) => r.headers["webhook-id"])).size).toBe(1);
      // Each attempt signed anew, for its own timestamp: the library signs the same.
      const wh = new Webhook(hook.secret);
      for (const r of attempts) {
        const h = headersOf(r);
        const at = new Date(Number(h["webhook-timestamp"]) * 1000);
        expect(h["webhook-signature"]).toBe(wh.sign(h["webhook-id"], at, r.body));
      }
      const [failed] = await deliveries(hook.id);
      expect(failed).toMatchObject({
        status: "failed",
        attempts: MAX_ATTEMPTS,
        responseStatus: 503,
        responseExcerpt: "down",
        lastError: "HTTP 503",
      });
      rx.answer((res) => res.end("ok"));
      const retry = await call(user, `/api/webhooks/${hook.id}/deliveries/${failed?.id}/retry/`, {
        method: "POST",
      });
      expect(retry).toEqual({
        status: 202,
        body: expect.objectContaining({ id: failed?.id, status: "pending", attempts: 0 }),
      });
      await drain();
      const [done] = await deliveries(hook.id);
      expect(done).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200 });
      expect(mine(path).at(-1)?.headers["webhook-id"]).toBe(attempts[0]?.headers["webhook-id"]);
    } finally {
      rx.answer((res) => res.end("ok"));
    }
  });

  it("a timeout, a redirect and a refused connection are failed attempts", async () => {
    const { user, hook } = await subscriber();
    rx.answer(() => {}); // never answers
    try {
      await createApplication(t, user);
      // A short budget for this attempt only (the others keep the default 10 s: a loaded
      // machine must not turn a slow answer into a timeout).
      const config = { ...t.deps.config, WEBHOOK_TIMEOUT_MS: 300 };
      await deliverDue({ ...t.deps, config });
      expect((await deliveries(hook.id))[0]).toMatchObject({
        status: "pending",
        attempts: 1,
        lastError: "No answer in time.",
      });
      rx.answer((res) => {
        res.statusCode = 302;
        res.setHeader("location", `${rx.url}/elsewhere`);
        res.end();
      });
      t.clock.advance(61_000);
      await drain();
      expect((await deliveries(hook.id))[0]).toMatchObject({ attempts: 2, responseStatus: 302 });
      expect(mine("/elsewhere")).toEqual([]);
    } finally {
      rx.answer((res) => res.end("ok"));
    }
    // Nothing listens on the port any more.
    const closed = await startReceiver();
    const url = `${closed.url}/gone`;
    await closed.close();
    await t.deps.database.db.update(webhook).set({ url }).where(eq(webhook.id, hook.id));
    t.clock.advance(61_000);
    await drain();
    expect((await deliveries(hook.id))[0]).toMatchObject({
      attempts: 3,
      lastError: "The connection failed.",
    });
  });

  it("keeps at most 1 KiB of an answer's body", async () => {
    const { user, hook } = await subscriber();
    rx.answer((res) => res.end("y".repeat(50_000)));
    try {
      await createApplication(t, user);
      await drain();
    } finally {
      rx.answer((res) => res.end("ok"));
    }
    const [d] = await deliveries(hook.id);
    expect(d?.status).toBe("delivered");
    expect(d?.responseExcerpt).toBe("y".repeat(1024));
  });

  it("turns off an endpoint that has done nothing but fail for 3 days", async () => {
    const { user, hook } = await subscriber();
    rx.answer((res) => {
      res.statusCode = 500;
      res.end();
    });
    try {
      await createApplication(t, user);
      await drain();
      t.clock.advance(71 * 3_600_000);
      await createApplication(t, user);
      await drain();
      expect((await call(user, `/api/webhooks/${hook.id}/`)).body).toMatchObject({
        is_active: true,
      });
      t.clock.advance(2 * 3_600_000);
      await createApplication(t, user);
      await drain();
      expect((await call(user, `/api/webhooks/${hook.id}/`)).body).toMatchObject({
        is_active: false,
      });
      const rows = await deliveries(hook.id);
      expect(rows.map((d) => d.status)).toEqual(["failed", "failed", "failed"]);
      // Turned on again, its streak starts over.
      await call(user, `/api/webhooks/${hook.id}/`, { method: "PATCH", json: { is_active: true } });
      const [row] = await t.deps.database.db.select().from(webhook).where(eq(webhook.id, hook.id));
      expect(row?.failingSince).toBeNull();
    } finally {
      rx.answer((res) => res.end("ok"));
    }
  });
});
