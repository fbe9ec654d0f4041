import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundError, type OutboundPost } from "../../src/core/outbound";
import { webhook, webhookDelivery } from "../../src/db/schema";
import { createNodeOutbound } from "../../src/entry/node-outbound";
import { deliverDue } from "../../src/features/webhooks";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext, usingRealPostgres } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";
import { type Receiver, startReceiver } from "../helpers/webhook-receiver";

/**
 * The address rule at delivery, with private addresses NOT allowed: names resolve through a
 * stub and requests go to a recording stub, so no traffic leaves the process. On PostgreSQL a
 * private database: on the shared server another file's delivery worker would claim (and fail,
 * with its own reason) this file's deliveries; on PGlite the worker's files run one at a time.
 * Then the Node transport's pinning: it connects to the vetted address, never resolving the name
 * itself.
 */
const answers = new Map<string, string[]>([["rebind.example", ["93.184.216.34"]]]);
const posts: OutboundPost[] = [];

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ privateDatabase: usingRealPostgres });
  t.deps.outbound = {
    pinsAddress: true,
    resolve: async (host) => answers.get(host) ?? Promise.reject(new Error("NXDOMAIN")),
    post: async (req) => {
      // Only this file's (on PGlite the worker's database may hold other files' webhooks).
      if (req.url.hostname !== "rebind.example") throw new OutboundError("connection");
      posts.push(req);
      return { status: 204, excerpt: "" };
    },
  };
});
afterAll(async () => {
  // Nothing of this file's is left for a later file on the worker's PGlite to deliver.
  await t.deps.database.db.delete(webhook).where(eq(webhook.url, "https://rebind.example/hook"));
  await t.close();
});

/**
 * Every due delivery attempted: on PGlite the worker's database may hold other files' pending
 * ones, which can fill a batch (DELIVERY_BATCH) before this file's; they fail here and back off.
 */
async function drain() {
  while ((await deliverDue(t.deps)) > 0) {}
}

describe("at delivery", () => {
  it("resolves the name again and refuses it when it now points inside", async () => {
    const user = await createUserWithToken(t);
    const made = await t
      .request("/api/webhooks/", {
        method: "POST",
        token: user.token,
        json: { url: "https://rebind.example/hook", events: ["*"] },
      })
      .then(answer);
    expect(made.status).toBe(201);
    const id = (made.body as { id: number }).id;

    await createApplication(t, user);
    await drain();
    expect(posts.map((p) => [p.url.href, p.address])).toEqual([
      ["https://rebind.example/hook", "93.184.216.34"],
    ]);

    for (const inside of ["127.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "fd00:ec2::254"]) {
      answers.set("rebind.example", ["93.184.216.34", inside]);
      await createApplication(t, user);
      await drain();
    }
    expect(posts).toHaveLength(1);
    const rows = await t.deps.database.db
      .select()
      .from(webhookDelivery)
      .where(eq(webhookDelivery.webhookId, id))
      .orderBy(webhookDelivery.id);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["delivered", null],
      ...new Array(4).fill(["pending", "The address is not a public one."]),
    ]);
  });
});

describe("the Node transport", () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(() => rx.close());

  it("connects to the vetted address only (the name is never resolved again)", async () => {
    const port = new URL(rx.url).port;
    // `.invalid` never resolves (RFC 2606): only the pinned address can be reached.
    const answer = await createNodeOutbound().post({
      url: new URL(`http://hooks.invalid:${port}/pinned`),
      address: "127.0.0.1",
      headers: { "content-type": "application/json" },
      body: "{}",
      timeoutMs: 2_000,
      maxBytes: 1024,
    });
    expect(answer).toEqual({ status: 200, excerpt: "ok" });
    expect(rx.received.map((r) => [r.path, r.headers.host])).toEqual([
      ["/pinned", `hooks.invalid:${port}`],
    ]);
  });
});
