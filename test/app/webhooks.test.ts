import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhook, webhookDelivery } from "../../src/db/schema";
import { answer } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * The webhooks' CRUD, validation, the address rules at creation and ownership. Names resolve
 * through a stub here (nothing leaves the machine): `public.example` to a public address,
 * `inside.example` to a private one, `mixed.example` to both.
 */
const RESOLVED: Record<string, string[]> = {
  "public.example": ["93.184.216.34"],
  "inside.example": ["10.1.2.3"],
  "mixed.example": ["93.184.216.34", "fd00:ec2::254"],
};

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  t.deps.outbound = {
    ...t.deps.outbound,
    resolve: async (host) => {
      const found = RESOLVED[host];
      if (!found) throw new Error("NXDOMAIN");
      return found;
    },
  };
});
afterAll(async () => {
  // Nothing of this file's is left for a server on a shared database to deliver later.
  await t.deps.database.db
    .delete(webhook)
    .where(inArray(webhook.url, ["https://public.example/hook", "https://93.184.216.34/x"]));
  await t.close();
});

const NOT_FOUND = { status: 404, body: { detail: "Not found." } };
const REFUSED = { url: ["The address is not a public one."] };

const call = (user: TestUser | null, path: string, init: RequestInit & { json?: unknown } = {}) =>
  t.request(path, { ...init, token: user?.token }).then(answer);
const create = (user: TestUser, json: unknown) =>
  call(user, "/api/webhooks/", { method: "POST", json });

const valid = { url: "https://public.example/hook", events: ["job_application.created"] };

describe("POST /api/webhooks/", () => {
  it("creates a webhook and shows its secret once", async () => {
    const user = await createUserWithToken(t);
    const made = await create(user, { ...valid, description: "CRM" });
    expect(made.status).toBe(201);
    const body = made.body as Record<string, unknown>;
    expect(body).toEqual({
      id: expect.any(Number),
      url: "https://public.example/hook",
      events: ["job_application.created"],
      description: "CRM",
      is_active: true,
      created_at: expect.stringMatching(/Z$/),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    // 32 random bytes behind the prefix.
    expect(atob(String(body.secret).slice(6))).toHaveLength(32);
    const read = await call(user, `/api/webhooks/${body.id}/`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("secret");
    const list = await call(user, "/api/webhooks/");
    expect(list.body).toEqual([{ ...body, secret: undefined }].map(({ secret, ...r }) => r));
  });

  it("answers DRF-style 400s for bad fields, and writes nothing", async () => {
    const user = await createUserWithToken(t);
    expect(await create(user, {})).toEqual({
      status: 400,
      body: { url: ["This field is required."], events: ["This field is required."] },
    });
    expect(await create(user, { url: "not a url", events: [] })).toEqual({
      status: 400,
      body: { url: ["Enter a valid URL."], events: ["This list may not be empty."] },
    });
    expect(await create(user, { ...valid, events: ["job_application.created", "bogus"] })).toEqual({
      status: 400,
      body: { events: ['"bogus" is not a valid choice.'] },
    });
    expect(await create(user, { ...valid, events: "ping" })).toEqual({
      status: 400,
      body: { events: ['Expected a list of items but got type "string".'] },
    });
    expect(await create(user, { ...valid, url: `https://a.example/${"x".repeat(2048)}` })).toEqual({
      status: 400,
      body: { url: ["Ensure this field has no more than 2048 characters."] },
    });
    expect(await create(user, { ...valid, description: "d".repeat(256) })).toEqual({
      status: 400,
      body: { description: ["Ensure this field has no more than 255 characters."] },
    });
    expect(await create(user, { ...valid, url: "http://public.example/hook" })).toEqual({
      status: 400,
      body: { url: ["Enter an https:// URL."] },
    });
    expect(await create(user, { ...valid, url: "https://me:pw@public.example/hook" })).toEqual({
      status: 400,
      body: { url: ["A webhook URL may not contain a user name or password."] },
    });
    expect(await create(user, { ...valid, url: "https://nowhere.example/" })).toEqual({
      status: 400,
      body: { url: ["The host name did not resolve."] },
    });
    const rows = await t.deps.database.db.select().from(webhook).where(eq(webhook.userId, user.id));
    expect(rows).toEqual([]);
  });

  it("refuses private, loopback, link-local, metadata and mapped addresses", async () => {
    const user = await createUserWithToken(t);
    for (const url of [
      "https://127.0.0.1/",
      "https://2130706433/", // 127.0.0.1 written as one number
      "https://0x7f.1/",
      "https://10.0.0.8/",
      "https://169.254.169.254/latest/meta-data/",
      "https://100.64.0.1/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[fd00:ec2::254]/",
      "https://[fe80::1]/",
      "https://inside.example/",
      "https://mixed.example/",
    ]) {
      expect(await create(user, { ...valid, url }), url).toEqual({ status: 400, body: REFUSED });
    }
    expect((await create(user, { ...valid, url: "https://93.184.216.34/x" })).status).toBe(201);
  });

  it("allows at most 10 webhooks a user, also when created at once", async () => {
    const user = await createUserWithToken(t);
    const all = await Promise.all(Array.from({ length: 12 }, () => create(user, valid)));
    expect(all.filter((r) => r.status === 201)).toHaveLength(10);
    expect(all.filter((r) => r.status === 400)).toEqual([
      { status: 400, body: { non_field_errors: ["You have reached the limit of 10 webhooks."] } },
      { status: 400, body: { non_field_errors: ["You have reached the limit of 10 webhooks."] } },
    ]);
  });

  it("needs a signed-in caller", async () => {
    expect(await call(null, "/api/webhooks/", { method: "POST", json: valid })).toEqual({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
  });
});

describe("one webhook", () => {
  it("is changed with PATCH (url vetted again), and deleted", async () => {
    const user = await createUserWithToken(t);
    const id = ((await create(user, valid)).body as { id: number }).id;
    const path = `/api/webhooks/${id}/`;
    const changed = await call(user, path, {
      method: "PATCH",
      json: { events: ["*"], is_active: false, description: "off", secret: "mine", id: 999 },
    });
    expect(changed).toEqual({
      status: 200,
      body: expect.objectContaining({ id, events: ["*"], is_active: false, description: "off" }),
    });
    expect(await call(user, path, { method: "PATCH", json: { url: "https://10.0.0.1/" } })).toEqual(
      { status: 400, body: REFUSED },
    );
    expect(await call(user, path, { method: "PATCH", json: { is_active: "maybe" } })).toEqual({
      status: 400,
      body: { is_active: ["Must be a valid boolean."] },
    });
    expect(await call(user, `${path}test/`, { method: "POST" })).toEqual({
      status: 400,
      body: { detail: "This webhook is not active." },
    });
    expect(await call(user, path, { method: "DELETE" })).toEqual({ status: 204, body: null });
    expect(await call(user, path)).toEqual(NOT_FOUND);
  });

  it("is 404 to another user, on every operation", async () => {
    const owner = await createUserWithToken(t);
    const other = await createUserWithToken(t);
    const id = ((await create(owner, valid)).body as { id: number }).id;
    await call(owner, `/api/webhooks/${id}/test/`, { method: "POST" });
    const [ping] = await t.deps.database.db
      .select()
      .from(webhookDelivery)
      .where(eq(webhookDelivery.webhookId, id));
    const base = `/api/webhooks/${id}/`;
    expect(await call(other, base)).toEqual(NOT_FOUND);
    expect(await call(other, base, { method: "PATCH", json: { is_active: false } })).toEqual(
      NOT_FOUND,
    );
    expect(await call(other, base, { method: "DELETE" })).toEqual(NOT_FOUND);
    expect(await call(other, `${base}test/`, { method: "POST" })).toEqual(NOT_FOUND);
    expect(await call(other, `${base}deliveries/`)).toEqual(NOT_FOUND);
    expect(await call(other, `${base}deliveries/${ping?.id}/retry/`, { method: "POST" })).toEqual(
      NOT_FOUND,
    );
    expect(await call(other, "/api/webhooks/")).toEqual({ status: 200, body: [] });
    // The owner's are untouched.
    expect(await call(owner, base)).toEqual({
      status: 200,
      body: expect.objectContaining({ id, is_active: true }),
    });
    expect(await call(owner, `${base}deliveries/`)).toEqual({
      status: 200,
      body: [expect.objectContaining({ id: ping?.id, event: "ping", status: "pending" })],
    });
  });

  it("answers 404 for ids that cannot be one", async () => {
    const user = await createUserWithToken(t);
    expect(await call(user, "/api/webhooks/abc/")).toEqual(NOT_FOUND);
    expect(await call(user, "/api/webhooks/1/deliveries/abc/retry/", { method: "POST" })).toEqual(
      NOT_FOUND,
    );
  });
});
