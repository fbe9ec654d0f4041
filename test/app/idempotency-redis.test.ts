import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resume } from "../../src/db/schema";
import { createUpstashKv } from "../../src/kv/upstash";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";
import { redisReachable, startTestBridge, type TestBridge } from "../helpers/redis";

/**
 * The claim of an Idempotency-Key is one SET NX on the real store: concurrent requests with
 * one key, as two instances would send them to one Redis, run once.
 */
const available = await redisReachable();

describe.skipIf(!available)("Idempotency-Key over Redis (Upstash protocol)", () => {
  let t: TestContext;
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge();
    t = await createTestContext();
    t.deps.kv = createUpstashKv(bridge.appClient(), { logger: t.deps.logger });
  });
  afterAll(async () => {
    await t?.close();
    await bridge?.close();
  });

  it("twelve concurrent requests with one key write one row", async () => {
    const user = await createUserWithToken(t);
    const key = `race-${crypto.randomUUID()}`;
    const send = () =>
      t.request("/api/resumes/", {
        method: "POST",
        token: user.token,
        headers: { "Idempotency-Key": key },
        json: { title: "Raced", content: "# Me" },
      });
    const answers = await Promise.all(Array.from({ length: 12 }, send));
    const ran = answers.filter((r) => r.status === 201 && !r.headers.has("idempotent-replayed"));
    expect(ran).toHaveLength(1);
    for (const r of answers) {
      const replayed = r.status === 201 && r.headers.get("idempotent-replayed") === "true";
      expect(r === ran[0] || replayed || r.status === 409).toBe(true);
    }
    const rows = await t.deps.database.db.select().from(resume).where(eq(resume.userId, user.id));
    expect(rows).toHaveLength(1);
    const after = await send();
    expect(after.status).toBe(201);
    expect(after.headers.get("idempotent-replayed")).toBe("true");
    expect(await after.json()).toMatchObject({ id: rows[0]?.id });
  });
});
