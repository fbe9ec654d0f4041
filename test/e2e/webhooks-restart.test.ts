import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers/deps";
import { baseEnv, call, targetKind } from "../helpers/e2e-target";
import { serverDatabaseEnv, startNodeServer } from "../helpers/node-server";
import { type Receiver, startReceiver } from "../helpers/webhook-receiver";

/**
 * A change whose event is recorded while the server stops before delivering it: the next server
 * on the same database delivers it (the outbox is a table, the loop picks pending rows up at
 * start). The first server polls once an hour, so only the restart can deliver.
 */
const SERVER_TEST_TIMEOUT_MS = 120_000;

let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(() => rx.close());

describe.skipIf(targetKind() !== "node")("webhook deliveries across a restart", () => {
  it(
    "delivers an event recorded before the server stopped",
    async () => {
      const db = serverDatabaseEnv();
      const env = { ...db.env, ...baseEnv({ WEBHOOK_ALLOW_PRIVATE: "true" }) };
      const first = await startNodeServer({ ...env, WEBHOOK_POLL_MS: "3600000" });
      let second: Awaited<ReturnType<typeof startNodeServer>> | undefined;
      try {
        const username = uniqueName();
        const password = "Blue-Harbor-42x";
        await call(first, "POST", "/api/auth/register/", {
          json: { username, email: `${username}@example.com`, password, password2: password },
        });
        const tok = await call(first, "POST", "/api/auth/token/", {
          json: { username, password },
        });
        const token = (tok.body as { access: string }).access;
        const path = `/${uniqueName("hook")}`;
        const hook = await call(first, "POST", "/api/webhooks/", {
          token,
          json: { url: `${rx.url}${path}`, events: ["job_application.created"] },
        });
        expect(hook.status).toBe(201);
        const { secret } = hook.body as { secret: string };
        const app = await call(first, "POST", "/api/job-applications/", {
          token,
          json: { job_title: "Kept across a restart" },
        });
        expect(app.status).toBe(201);
        expect(await first.stop("SIGTERM")).toBe(0);
        expect(rx.received.filter((r) => r.path === path)).toEqual([]);

        second = await startNodeServer({ ...env, WEBHOOK_POLL_MS: "200" });
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline && !rx.received.some((r) => r.path === path))
          await new Promise((r) => setTimeout(r, 100));
        const got = rx.received.filter((r) => r.path === path);
        expect(got).toHaveLength(1);
        const r = got[0] as (typeof got)[number];
        const payload = new Webhook(secret).verify(r.body, {
          "webhook-id": String(r.headers["webhook-id"]),
          "webhook-timestamp": String(r.headers["webhook-timestamp"]),
          "webhook-signature": String(r.headers["webhook-signature"]),
        });
        expect(payload).toMatchObject({
          type: "job_application.created",
          data: { id: (app.body as { id: number }).id, job_title: "Kept across a restart" },
        });
      } finally {
        if (first.proc.exitCode === null) await first.stop();
        await second?.stop();
        db.cleanup();
      }
    },
    SERVER_TEST_TIMEOUT_MS,
  );
});
