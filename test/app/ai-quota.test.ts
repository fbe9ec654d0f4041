import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { nowSeconds } from "../../src/core/clock";
import { signToken } from "../../src/core/tokens";
import { aiModel, aiQuota, aiUsage, resume } from "../../src/db/schema";
import { findModelAndReserve, saveGenerated } from "../../src/features/ai/ai.queries";
import { generatedResume } from "../../src/features/resumes/resumes.generated";
import {
  type AiTestContext,
  createAiTestContext,
  createModel,
  generate,
  useAiTestContext,
} from "../helpers/ai";
import { uniqueName } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});

async function freshToken(userId: number) {
  const { config } = t.deps;
  const lifetimes = { accessLifetime: config.ACCESS_TOKEN_LIFETIME, refreshLifetime: 1 };
  const signed = await signToken(
    { secretKey: config.secretKey, ...lifetimes },
    "access",
    userId,
    nowSeconds(t.clock),
  );
  return signed.token;
}

const THROTTLED = /^Request was throttled\. Expected available in \d+ seconds\.$/;

async function quotaRow(subject: string, modelId: number) {
  const [row] = await t.deps.database.db
    .select()
    .from(aiQuota)
    .where(and(eq(aiQuota.subject, subject), eq(aiQuota.modelId, modelId)));
  return row;
}

describe("daily limit", () => {
  it("a burst of 12 concurrent requests for a limit of 5: exactly 5 succeed, 7 get 429, 5 provider calls", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 5 });
    // Slow answers keep every reservation open while the rest of the burst arrives.
    t.openai.fallback = { kind: "ok", delayMs: 150 };
    const results = await Promise.all(
      Array.from({ length: 12 }, () => generate(t, model.displayName, { token: user.token })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(429)]);
    expect(t.openai.requests).toHaveLength(5);
    const limited = results.find((r) => r.status === 429);
    expect((await limited?.json()) as unknown).toEqual({
      detail: expect.stringMatching(THROTTLED),
    });
    expect(await quotaRow(`user:${user.id}`, model.id)).toMatchObject({ used: 5, reserved: 0 });
    const ledger = await t.deps.database.db
      .select()
      .from(aiUsage)
      .where(eq(aiUsage.modelId, model.id));
    expect(ledger.filter((r) => r.outcome === "success")).toHaveLength(5);
    expect(ledger.filter((r) => r.outcome === "limited")).toHaveLength(7);
  });

  it("over the limit: 429 with Retry-After = seconds to UTC midnight, no provider call; a new day resets", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 1 });
    t.clock.set(Date.parse("2026-03-10T23:00:00Z"));
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(201);
    const res = await generate(t, model.displayName, { token: user.token });
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("3600");
    expect(await res.json()).toEqual({
      detail: "Request was throttled. Expected available in 3600 seconds.",
    });
    expect(t.openai.requests).toHaveLength(1);
    t.clock.set(Date.parse("2026-03-11T00:00:00Z"));
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(201);
  });

  it("failed calls use no quota", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 1 });
    t.openai.fallback = { kind: "status", status: 500 };
    for (let i = 0; i < 2; i++) {
      expect((await generate(t, model.displayName, { token: user.token })).status).toBe(503);
    }
    expect(await quotaRow(`user:${user.id}`, model.id)).toMatchObject({ used: 0, reserved: 0 });
    t.openai.fallback = { kind: "ok" };
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(201);
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(429);
  });

  it("is per user and per model; anonymous callers are counted by IP", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const model = await createModel(t, { dailyLimit: 1 });
    const other = await createModel(t, { dailyLimit: 1 });
    expect((await generate(t, model.displayName, { token: alice.token })).status).toBe(201);
    expect((await generate(t, model.displayName, { token: bob.token })).status).toBe(201);
    expect((await generate(t, other.displayName, { token: alice.token })).status).toBe(201);
    const ip1 = `10.1.${Math.floor(Math.random() * 250)}.1`;
    expect((await generate(t, model.displayName, { ip: ip1 })).status).toBe(201);
    expect((await generate(t, model.displayName, { ip: ip1 })).status).toBe(429);
    expect((await generate(t, model.displayName, { ip: `${ip1}0` })).status).toBe(201);
    expect(await quotaRow(`ip:${ip1}`, model.id)).toMatchObject({ used: 1 });
  });

  it("a reservation left by a crashed process stops counting once it is stale", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 1 });
    const now = t.clock.now();
    await t.deps.database.db.insert(aiQuota).values({
      subject: `user:${user.id}`,
      modelId: model.id,
      day: new Date(now).toISOString().slice(0, 10),
      used: 0,
      reserved: 1,
      reservedAt: new Date(now - 60_000),
    });
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(429);
    t.clock.advance(15 * 60_000);
    const token = await freshToken(user.id); // the first one expired meanwhile
    expect((await generate(t, model.displayName, { token })).status).toBe(201);
    expect(await quotaRow(`user:${user.id}`, model.id)).toMatchObject({ used: 1, reserved: 0 });
  });

  it("survives the cache: clearing the kv store does not reset a used quota", async () => {
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 1, displayName: uniqueName("Durable") });
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(201);
    await t.deps.kv.del("ai:models:v1");
    expect((await generate(t, model.displayName, { token: user.token })).status).toBe(429);
  });
});

describe("finding the model and reserving (one statement)", () => {
  const request = (name: string, subject: string, over: Record<string, unknown> = {}) => ({
    name,
    subject,
    day: "2026-03-04",
    signedIn: true,
    usableKeyNames: ["OPENAI_TEST_KEY", "GEMINI_TEST_KEY"],
    now: new Date("2026-03-04T10:00:00Z"),
    staleBefore: new Date("2026-03-04T09:00:00Z"),
    ...over,
  });

  it("answers the model row exactly as drizzle maps it, matched case-insensitively", async () => {
    const { db } = t.deps.database;
    const model = await createModel(t, { dailyLimit: 2, description: "desc ü" });
    const got = await findModelAndReserve(db, request(model.displayName.toUpperCase(), "ip:a"));
    const [row] = await db.select().from(aiModel).where(eq(aiModel.id, model.id));
    expect(got).toEqual({ model: row, reserved: true });
    expect(typeof got.model?.id).toBe("number");
  });

  it("reserves nothing for an unknown or inactive model, an anonymous caller of a sign-in model, or keys not configured", async () => {
    const { db } = t.deps.database;
    expect(await findModelAndReserve(db, request("no such model", "ip:b"))).toEqual({
      model: undefined,
      reserved: false,
    });
    const inactive = await createModel(t, { isActive: false });
    expect((await findModelAndReserve(db, request(inactive.displayName, "ip:b"))).model).toBe(
      undefined,
    );
    const signIn = await createModel(t, { loginRequired: true });
    const anonymous = await findModelAndReserve(
      db,
      request(signIn.displayName, "ip:b", { signedIn: false }),
    );
    expect(anonymous).toMatchObject({ model: { id: signIn.id }, reserved: false });
    const noKeys = await createModel(t, { apiKeyName: "UNSET_KEY" });
    expect(await findModelAndReserve(db, request(noKeys.displayName, "ip:b"))).toMatchObject({
      model: { id: noKeys.id },
      reserved: false,
    });
    for (const m of [signIn, noKeys]) expect(await quotaRow("ip:b", m.id)).toBeUndefined();
  });

  it("stops at the daily limit, and a stale reservation stops counting", async () => {
    const { db } = t.deps.database;
    const model = await createModel(t, { dailyLimit: 2 });
    const take = (over: Record<string, unknown> = {}) =>
      findModelAndReserve(db, request(model.displayName, "ip:c", over));
    expect((await take()).reserved).toBe(true);
    expect((await take()).reserved).toBe(true);
    expect((await take()).reserved).toBe(false);
    expect(await quotaRow("ip:c", model.id)).toMatchObject({ used: 0, reserved: 2 });
    // Two hours later the two are older than staleBefore: the slot starts again at one.
    const later = {
      now: new Date("2026-03-04T12:00:00Z"),
      staleBefore: new Date("2026-03-04T11:00:00Z"),
    };
    expect((await take(later)).reserved).toBe(true);
    expect(await quotaRow("ip:c", model.id)).toMatchObject({ used: 0, reserved: 1 });
  });
});

describe("saving a generation (one statement)", () => {
  /** A user holding one reservation of a fresh model, and what a successful call would save. */
  async function reserved(title: string) {
    const { db } = t.deps.database;
    const user = await createUserWithToken(t);
    const model = await createModel(t, { dailyLimit: 3 });
    const now = new Date(t.clock.now());
    const slot = {
      subject: `user:${user.id}`,
      modelId: model.id,
      day: now.toISOString().slice(0, 10),
    };
    const taken = await findModelAndReserve(db, {
      name: model.displayName,
      subject: slot.subject,
      day: slot.day,
      signedIn: true,
      usableKeyNames: [model.apiKeyName],
      now,
      staleBefore: new Date(0),
    });
    expect(taken.reserved).toBe(true);
    const usage = {
      userId: user.id,
      modelId: model.id,
      outcome: "success" as const,
      createdAt: now,
    };
    return {
      db,
      user,
      model,
      slot,
      input: {
        userId: user.id,
        target: generatedResume(title),
        content: "text",
        model: model.displayName,
        now: now.toISOString(),
        slot,
        usage,
      },
    };
  }

  it("writes the resume, turns the reservation into use and logs the call", async () => {
    const { db, user, model, slot, input } = await reserved("Saved");
    const id = await saveGenerated(db, input);
    expect(id).toEqual(expect.any(Number));
    const [saved] = await db
      .select()
      .from(resume)
      .where(eq(resume.id, id ?? 0));
    expect(saved).toMatchObject({ userId: user.id, title: "Saved", content: "text" });
    expect(await quotaRow(slot.subject, model.id)).toMatchObject({ used: 1, reserved: 0 });
    const ledger = await db.select().from(aiUsage).where(eq(aiUsage.userId, user.id));
    expect(ledger.map((r) => r.outcome)).toEqual(["success"]);
  });

  it("is all or nothing: a failing ledger row leaves no resume and the slot reserved", async () => {
    const { db, user, model, slot, input } = await reserved("Lost");
    // A model id no row has: the ledger insert violates its foreign key.
    const failing = saveGenerated(db, {
      ...input,
      usage: { ...input.usage, modelId: 2_000_000_000 },
    });
    await expect(failing).rejects.toThrow();
    expect(await db.select().from(resume).where(eq(resume.userId, user.id))).toEqual([]);
    expect(await quotaRow(slot.subject, model.id)).toMatchObject({ used: 0, reserved: 1 });
  });
});

describe("behind a proxy (TRUST_PROXY)", () => {
  it("counts an anonymous caller by the proxy's address, or by the socket's when that is no IP", async () => {
    const p = await createAiTestContext({ TRUST_PROXY: "X-Forwarded-For" });
    try {
      const model = await createModel(p, { dailyLimit: 1 });
      const socket = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const via = (xff: string) =>
        generate(p, model.displayName, { ip: socket, headers: { "X-Forwarded-For": xff } });
      // 80 to 120 characters used to overflow varchar columns after the provider was called: 500.
      const junk = await via(`203.0.113.9, ${"f".repeat(120)}`);
      expect(junk.status).toBe(201);
      expect(await quotaRowIn(p, `ip:${socket}`, model.id)).toMatchObject({ used: 1 });
      const again = await via(`203.0.113.9, 2001:db8:${"0:".repeat(40)}1`);
      expect(again.status).toBe(429);
      const proxied = await via("198.51.100.1, 2001:db8::7");
      expect(proxied.status).toBe(201);
      expect(await quotaRowIn(p, "ip:2001:db8::7", model.id)).toMatchObject({ used: 1 });
      expect(p.openai.requests).toHaveLength(2);
    } finally {
      await p.closeAll();
    }
  });
});

async function quotaRowIn(ctx: AiTestContext, subject: string, modelId: number) {
  const [row] = await ctx.deps.database.db
    .select()
    .from(aiQuota)
    .where(and(eq(aiQuota.subject, subject), eq(aiQuota.modelId, modelId)));
  return row;
}
