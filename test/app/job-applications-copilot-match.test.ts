import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication, createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

const POSTING = "Requirements:\n- TypeScript\n- PostgreSQL\n- Kafka\n- Terraform";

const match = (user: TestUser | null, id: number | string, json: unknown = {}) =>
  t.request(`/api/job-applications/${id}/match/`, {
    method: "POST",
    ...(user ? { token: user.token } : {}),
    json,
  });

describe("POST /api/job-applications/{id}/match/: success", () => {
  it("scores the application's resume_used by default", async () => {
    const resume = (
      await createResume(t, alice, {
        title: "CV",
        content: "Ten years of Postgres and TypeScript.",
      })
    ).id;
    const app = (
      await createApplication(t, alice, {
        original_job_description: POSTING,
        resume_used: resume,
      })
    ).id;
    const res = await match(alice, app);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      score: 50,
      matched: [
        { keyword: "PostgreSQL", weight: 4 },
        { keyword: "TypeScript", weight: 4 },
      ],
      missing: [
        { keyword: "Kafka", weight: 4 },
        { keyword: "Terraform", weight: 4 },
      ],
      resume_id: resume,
    });
  });

  it("scores another of the caller's resumes when given, without the trailing slash too", async () => {
    const used = (await createResume(t, alice, { title: "CV", content: "Nothing relevant" })).id;
    const other = (
      await createResume(t, alice, {
        title: "CV",
        content: "Kafka, Terraform, TypeScript, PostgreSQL",
      })
    ).id;
    const app = (
      await createApplication(t, alice, {
        original_job_description: POSTING,
        resume_used: used,
      })
    ).id;
    const res = await t.request(`/api/job-applications/${app}/match`, {
      method: "POST",
      token: alice.token,
      json: { resume: String(other) },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ score: 100, missing: [], resume_id: other });
    const byDefault = await match(alice, app, { resume: null });
    expect(byDefault.status).toBe(200);
    expect(await byDefault.json()).toMatchObject({ score: 0, matched: [], resume_id: used });
  });

  it("changes nothing: the application reads the same afterwards", async () => {
    const resume = (await createResume(t, alice, { title: "CV", content: "TypeScript" })).id;
    const app = (
      await createApplication(t, alice, {
        original_job_description: POSTING,
        resume_used: resume,
      })
    ).id;
    const before = await (
      await t.request(`/api/job-applications/${app}/`, { token: alice.token })
    ).json();
    expect((await match(alice, app)).status).toBe(200);
    const after = await (
      await t.request(`/api/job-applications/${app}/`, { token: alice.token })
    ).json();
    expect(after).toEqual(before);
  });
});

describe("POST /api/job-applications/{id}/match/: validation", () => {
  it("400 on an application without a posting (null or blank)", async () => {
    const resume = (await createResume(t, alice, { title: "CV", content: "TypeScript" })).id;
    for (const posting of [null, "   "]) {
      const app = (
        await createApplication(t, alice, {
          original_job_description: posting,
          resume_used: resume,
        })
      ).id;
      const res = await match(alice, app);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        original_job_description: ["The application has no job description."],
      });
    }
  });

  it("400 when no resume is given and the application has none", async () => {
    const app = (await createApplication(t, alice, { original_job_description: POSTING })).id;
    const res = await match(alice, app);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      resume: ["No resume given, and the application has no resume_used."],
    });
  });

  it("400 on a resume that is not a key, in DRF's words", async () => {
    const app = (await createApplication(t, alice, { original_job_description: POSTING })).id;
    const res = await match(alice, app, { resume: "abc" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      resume: ["Incorrect type. Expected pk value, received str."],
    });
    const neg = await match(alice, app, { resume: -1 });
    expect(neg.status).toBe(400);
    expect(await neg.json()).toEqual({ resume: ['Invalid pk "-1" - object does not exist.'] });
  });
});

describe("POST /api/job-applications/{id}/match/: auth and ownership", () => {
  it("401 without a token", async () => {
    const res = await match(null, 1);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("404 for another user's application, a missing one, or a non-numeric id", async () => {
    const resume = (await createResume(t, bob, { title: "CV", content: "TypeScript" })).id;
    const app = (
      await createApplication(t, bob, {
        original_job_description: POSTING,
        resume_used: resume,
      })
    ).id;
    for (const id of [app, 999_999_999, "abc"]) {
      const res = await match(alice, id);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ detail: "Not found." });
    }
  });

  it("404 for another user's resume or a missing one", async () => {
    const bobs = (await createResume(t, bob, { title: "CV", content: "TypeScript" })).id;
    const app = (await createApplication(t, alice, { original_job_description: POSTING })).id;
    for (const resume of [bobs, 999_999_999]) {
      const res = await match(alice, app, { resume });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ detail: "Not found." });
    }
  });

  it("404 for a deleted application, 200 again after restore", async () => {
    const resume = (await createResume(t, alice, { title: "CV", content: "TypeScript" })).id;
    const app = (
      await createApplication(t, alice, {
        original_job_description: POSTING,
        resume_used: resume,
      })
    ).id;
    const del = await t.request(`/api/job-applications/${app}/`, {
      method: "DELETE",
      token: alice.token,
    });
    expect(del.status).toBe(204);
    const res = await match(alice, app);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: "Not found." });
    await t.request(`/api/job-applications/${app}/restore/`, {
      method: "POST",
      token: alice.token,
    });
    expect((await match(alice, app)).status).toBe(200);
  });

  it("405 with Allow for another method", async () => {
    const res = await t.request("/api/job-applications/1/match/", { token: alice.token });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    expect(await res.json()).toEqual({ detail: 'Method "GET" not allowed.' });
  });
});
