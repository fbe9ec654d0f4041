import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext, uniqueName } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * DRF validates every field and answers all errors in one 400: a check that needs the database
 * (uniqueness, a foreign key, a model by name) is reported beside the other fields' errors, not
 * only once they pass (issue 11, break 4).
 */
let t: TestContext;
let user: TestUser;
let staff: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  user = await createUserWithToken(t);
  staff = await createUserWithToken(t, { isStaff: true });
});
afterAll(() => t.close());

const post = (path: string, json: unknown, token?: string) =>
  t.request(path, { method: "POST", json, token });

describe("all field errors at once", () => {
  it("register: a taken username beside a bad email", async () => {
    const res = await post("/api/auth/register/", {
      username: user.username,
      email: "not-an-email",
      password: "Vq7#mulberry-Lantern",
      password2: "Vq7#mulberry-Lantern",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      username: ["A user with that username already exists."],
      email: ["Enter a valid email address."],
    });
  });

  it("job application: another user's resume beside a bad status", async () => {
    const other = await createUserWithToken(t);
    const resume = await post("/api/resumes/", { title: "Theirs", content: "x" }, other.token);
    const { id } = (await resume.json()) as { id: number };
    for (const method of ["POST", "PUT", "PATCH"]) {
      const created = await post("/api/job-applications/", { job_title: "Mine" }, user.token);
      const app = (await created.json()) as { id: number };
      const path =
        method === "POST" ? "/api/job-applications/" : `/api/job-applications/${app.id}/`;
      const res = await t.request(path, {
        method,
        token: user.token,
        json: { job_title: "Dev", status: "Hired", resume_used: id },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        status: ['"Hired" is not a valid choice.'],
        resume_used: [`Invalid pk "${id}" - object does not exist.`],
      });
    }
    // Nothing was changed by the refused writes.
    const list = await t.request("/api/job-applications/", { token: user.token });
    for (const row of (await list.json()) as { job_title: string }[]) {
      expect(row.job_title).toBe("Mine");
    }
  });

  it("generation: an unknown model beside a missing user_input", async () => {
    const res = await post("/api/ai/generate/", { model: "No-such-model" }, user.token);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      model: ["This model is not valid or is currently disabled."],
      user_input: ["This field is required."],
    });
  });

  it("admin: a taken display name beside an unknown provider, on create and change", async () => {
    const name = uniqueName("Model");
    const body = { display_name: name, model_name: "m", api_provider: "open_router" };
    const created = await post(
      "/api/admin/ai-models/",
      { ...body, api_key_name: "OPENROUTER_API_KEY" },
      staff.token,
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const other = await post(
      "/api/admin/ai-models/",
      { ...body, display_name: uniqueName("Model"), api_key_name: "OPENROUTER_API_KEY" },
      staff.token,
    );
    const otherId = ((await other.json()) as { id: number }).id;
    const dup = await post(
      "/api/admin/ai-models/",
      {
        ...body,
        display_name: name.toUpperCase(),
        api_provider: "nope",
        api_key_name: "X_API_KEY",
      },
      staff.token,
    );
    expect(dup.status).toBe(400);
    expect(await dup.json()).toEqual({
      display_name: ["ai model with this display name already exists."],
      api_provider: ['"nope" is not a valid choice.'],
    });
    const patch = await t.request(`/api/admin/ai-models/${otherId}/`, {
      method: "PATCH",
      token: staff.token,
      json: { display_name: name, api_provider: "nope" },
    });
    expect(patch.status).toBe(400);
    expect(await patch.json()).toEqual({
      display_name: ["ai model with this display name already exists."],
      api_provider: ['"nope" is not a valid choice.'],
    });
    // Its own name is not a duplicate of itself.
    const self = await t.request(`/api/admin/ai-models/${id}/`, {
      method: "PATCH",
      token: staff.token,
      json: { display_name: name, api_provider: "nope" },
    });
    expect(await self.json()).toEqual({ api_provider: ['"nope" is not a valid choice.'] });
  });
});

/** DRF's errors follow the serializer's field order, whichever check found them. */
describe("field errors in the serializer's field order", () => {
  const keysOf = async (res: Response) => ({
    status: res.status,
    keys: Object.keys((await res.json()) as object),
  });

  it("generate: model (a database check) before user_input", async () => {
    const res = await post("/api/ai/generate/", { model: "No-such-model", user_input: "short" });
    expect(await keysOf(res)).toEqual({ status: 400, keys: ["model", "user_input"] });
  });

  it("register: username (taken) before email; password (its validators) before password2", async () => {
    const taken = await post("/api/auth/register/", {
      username: user.username,
      email: "not-an-email",
      password: "Vq7#mulberry-Lantern",
      password2: "Vq7#mulberry-Lantern",
    });
    expect(await keysOf(taken)).toEqual({ status: 400, keys: ["username", "email"] });
    const weak = await post("/api/auth/register/", {
      username: uniqueName("order"),
      email: "order@example.com",
      password: "abc",
    });
    expect(await keysOf(weak)).toEqual({ status: 400, keys: ["password", "password2"] });
  });

  it("admin: display_name (taken) before api_provider", async () => {
    const name = uniqueName("Order");
    const body = {
      model_name: "m",
      api_provider: "open_router",
      api_key_name: "OPENROUTER_API_KEY",
    };
    await post("/api/admin/ai-models/", { ...body, display_name: name }, staff.token);
    const res = await post(
      "/api/admin/ai-models/",
      { ...body, display_name: name, api_provider: "nope" },
      staff.token,
    );
    expect(await keysOf(res)).toEqual({ status: 400, keys: ["display_name", "api_provider"] });
  });
});
