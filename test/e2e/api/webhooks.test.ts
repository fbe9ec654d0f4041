import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSuite, type Session, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";
import { type Received, startReceiver } from "../../helpers/webhook-receiver";

/**
 * Webhooks on the real server: created, tested and delivered, signed, to a receiver on
 * 127.0.0.1 (the suite runs with WEBHOOK_ALLOW_PRIVATE=true). Node delivers from its loop
 * (every second); on workerd (E2E_WORKER=1) the Cron Trigger delivers, run at once through
 * Miniflare's `/cdn-cgi/handler/scheduled` (always on in `wrangler dev`; `--test-scheduled`'s
 * `/__scheduled` needs wrangler's bundling, and the Worker is uploaded unbundled).
 */
let rx: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());

interface Delivery {
  id: number;
  event: string;
  status: string;
  attempts: number;
  response_status: number | null;
}

async function deliveries(me: Session, hookId: number) {
  const res = await call(apiSuite().target, "GET", `/api/webhooks/${hookId}/deliveries/`, {
    token: me.access,
  });
  expect(res.status).toBe(200);
  return res.body as Delivery[];
}

/** Runs the deliveries (the Worker's cron) and waits until none is pending. */
async function delivered(me: Session, hookId: number, count: number) {
  const { target } = apiSuite();
  const end = Date.now() + 20_000;
  for (;;) {
    if (target.kind === "worker") {
      const run = await fetch(
        `${target.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`,
      );
      await run.text();
    }
    const rows = await deliveries(me, hookId);
    const done = rows.length === count && rows.every((d) => d.status !== "pending");
    if (done || Date.now() > end) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const headersOf = (r: Received) => ({
  "webhook-id": String(r.headers["webhook-id"]),
  "webhook-timestamp": String(r.headers["webhook-timestamp"]),
  "webhook-signature": String(r.headers["webhook-signature"]),
});

describe("webhooks", () => {
  it("CRUD, a ping and an application's event delivered once, signed with the secret", async () => {
    const { target } = apiSuite();
    const me = await signUp(target);
    const path = `/hook-${me.id}`;
    const made = await call(target, "POST", "/api/webhooks/", {
      token: me.access,
      json: { url: `${rx.url}${path}`, events: ["job_application.created"] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const hook = made.body as { id: number; secret: string; url: string };
    expect(hook.secret).toMatch(/^whsec_/);
    const read = await call(target, "GET", `/api/webhooks/${hook.id}/`, { token: me.access });
    expect(read.body).toMatchObject({ id: hook.id, url: hook.url, is_active: true });
    expect(read.body).not.toHaveProperty("secret");

    const ping = await call(target, "POST", `/api/webhooks/${hook.id}/test/`, { token: me.access });
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ event: "ping", status: "pending", attempts: 0 });
    const app = await call(target, "POST", "/api/job-applications/", {
      token: me.access,
      json: { company_name: "Acme", job_title: "Backend engineer" },
    });
    expect(app.status).toBe(201);
    const appId = (app.body as { id: number }).id;

    const rows = await delivered(me, hook.id, 2);
    expect(rows.map((d) => [d.event, d.status, d.attempts, d.response_status]).sort()).toEqual([
      ["job_application.created", "delivered", 1, 200],
      ["ping", "delivered", 1, 200],
    ]);
    const got = rx.received.filter((r) => r.path === path);
    expect(got).toHaveLength(2);
    const verifier = new Webhook(hook.secret);
    const bodies = got.map(
      (r) =>
        verifier.verify(r.body, headersOf(r)) as {
          type: string;
          data: { id?: number; webhook_id?: number };
        },
    );
    expect(bodies.map((b) => b.type).sort()).toEqual(["job_application.created", "ping"]);
    expect(bodies.find((b) => b.type === "ping")?.data).toEqual({ webhook_id: hook.id });
    expect(bodies.find((b) => b.type !== "ping")?.data).toMatchObject({
      id: appId,
      company_name: "Acme",
    });

    const off = await call(target, "PATCH", `/api/webhooks/${hook.id}/`, {
      token: me.access,
      json: { is_active: false },
    });
    expect(off.body).toMatchObject({ is_active: false });
    const refused = await call(target, "POST", `/api/webhooks/${hook.id}/test/`, {
      token: me.access,
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ detail: "This webhook is not active." });
    expect(
      (await call(target, "DELETE", `/api/webhooks/${hook.id}/`, { token: me.access })).status,
    ).toBe(204);
    const gone = await call(target, "GET", `/api/webhooks/${hook.id}/`, { token: me.access });
    expect(gone.status).toBe(404);
  });
});
