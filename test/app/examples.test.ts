import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authUser, jobApplication } from "../../src/db/schema";
import { EXAMPLES_CACHE_KEY } from "../../src/features/examples/examples.service";
import { EXAMPLE_USERNAME } from "../../src/features/seed";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

type AppJson = Record<string, unknown> & { id: number };
interface Envelope {
  cache_status: string;
  data: AppJson[];
}

async function exampleUserId(): Promise<number> {
  const [row] = await t.deps.database.db
    .select({ id: authUser.id })
    .from(authUser)
    .where(eq(authUser.username, EXAMPLE_USERNAME));
  if (!row) throw new Error("example_user was not seeded");
  return row.id;
}

describe("example job applications", () => {
  it("serves at most 5 seeded examples: MISS, then HIT, then MISS after the TTL", async () => {
    await t.deps.kv.del(EXAMPLES_CACHE_KEY);
    const first = await t.request("/api/example-job-applications/");
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache-status")).toBe("MISS");
    const body = (await first.json()) as Envelope;
    expect(body.cache_status).toBe("MISS (Response from database)");
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.length).toBeLessThanOrEqual(5);
    const owner = await exampleUserId();
    for (const a of body.data) {
      expect(a).toMatchObject({ is_example: true, is_deleted: false, user: owner });
      expect(Object.keys(a).sort()).toEqual(
        [
          "id",
          "job_title",
          "company_name",
          "original_job_description",
          "date_applied",
          "status",
          "notes",
          "is_deleted",
          "is_example",
          "created_at",
          "updated_at",
          "user",
          "resume_used",
        ].sort(),
      );
    }

    const second = await t.request("/api/example-job-applications");
    expect(second.headers.get("x-cache-status")).toBe("HIT");
    expect(await second.json()).toEqual({
      cache_status: "HIT (Response from Redis cache)",
      data: body.data,
    });

    t.clock.advance((t.deps.config.EXAMPLES_CACHE_SECONDS + 1) * 1000);
    const third = await t.request("/api/example-job-applications/");
    expect(third.headers.get("x-cache-status")).toBe("MISS");
    expect(((await third.json()) as Envelope).cache_status).toBe("MISS (Response from database)");
  });

  it("returns one example by id, and 404 for anything else", async () => {
    const owner = await exampleUserId();
    const [example] = await t.deps.database.db
      .select({ id: jobApplication.id })
      .from(jobApplication)
      .where(and(eq(jobApplication.userId, owner), eq(jobApplication.isExample, true)))
      .limit(1);
    if (!example) throw new Error("no seeded example");
    const res = await t.request(`/api/example-job-applications/${example.id}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: example.id, is_example: true, user: owner });

    const user = await createUserWithToken(t);
    const mine = await t.request("/api/job-applications/", {
      method: "POST",
      token: user.token,
      json: { job_title: "Private" },
    });
    const { id } = (await mine.json()) as AppJson;
    for (const path of [`${id}/`, "abc/", "99999999999999999999"]) {
      const nf = await t.request(`/api/example-job-applications/${path}`);
      expect(nf.status, path).toBe(404);
      expect(await nf.json()).toEqual({ detail: "Not found." });
    }
  });

  it("is public but still rejects a bad token", async () => {
    const res = await t.request("/api/example-job-applications/", {
      headers: { authorization: "Bearer not-a-token" },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "token_not_valid" });
  });

  it("is read-only", async () => {
    const res = await t.request("/api/example-job-applications/", { method: "POST", json: {} });
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual({ detail: 'Method "POST" not allowed.' });
  });
});
