import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResumateClient } from "../../src/client";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";

/** The typed client's webhooks: typed from the route definitions, used with a scoped token. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { WEBHOOK_ALLOW_PRIVATE: "true" } });
});
afterAll(() => t.close());

const fetchApp: typeof fetch = (input, init) =>
  t.request(new URL(String(input)).pathname + new URL(String(input)).search, init);
const password = "correct horse battery staple";

describe("typed client: webhooks", () => {
  it("creates, pings, lists deliveries and deletes with a webhooks-scoped token", async () => {
    const session = createResumateClient({ baseUrl: "http://localhost", fetch: fetchApp });
    const username = uniqueName();
    await session.post("/api/auth/register/", {
      body: { username, email: `${username}@example.com`, password, password2: password },
    });
    await session.login(username, password);
    const minted = await session.post("/api/auth/tokens/", {
      body: { name: "hooks", scopes: ["webhooks"] },
    });
    if (!minted.ok) throw new Error(`token: ${minted.status}`);
    const client = createResumateClient({
      baseUrl: "http://localhost",
      fetch: fetchApp,
      personalToken: minted.data.token,
    });
    const made = await client.post("/api/webhooks/", {
      body: { url: "http://127.0.0.1:9/hook", events: ["job_application.status_changed"] },
    });
    if (!made.ok) throw new Error(`create: ${made.status}`);
    expect(made.data.secret).toMatch(/^whsec_/);
    const id = made.data.id;
    const ping = await client.post("/api/webhooks/{id}/test/", { params: { id } });
    if (!ping.ok) throw new Error(`ping: ${ping.status}`);
    expect(ping.data).toMatchObject({ event: "ping", status: "pending" });
    const log = await client.get("/api/webhooks/{id}/deliveries/", { params: { id } });
    if (!log.ok) throw new Error(`log: ${log.status}`);
    expect(log.data.map((d) => d.event)).toEqual(["ping"]);
    const off = await client.patch("/api/webhooks/{id}/", {
      params: { id },
      body: { is_active: false },
    });
    expect(off.ok && off.data.is_active).toBe(false);
    expect((await client.delete("/api/webhooks/{id}/", { params: { id } })).status).toBe(204);

    // A token without the scope is refused, naming it.
    const other = await session.post("/api/auth/tokens/", {
      body: { name: "resumes", scopes: ["resumes:read"] },
    });
    if (!other.ok) throw new Error(`token: ${other.status}`);
    const narrow = createResumateClient({
      baseUrl: "http://localhost",
      fetch: fetchApp,
      personalToken: other.data.token,
    });
    const refused = await narrow.get("/api/webhooks/");
    expect(refused.status).toBe(403);
  });
});
