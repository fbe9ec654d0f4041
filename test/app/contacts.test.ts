import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const NOT_FOUND = { status: 404, body: { detail: "Not found." } };

const call = (
  user: TestUser | null,
  path: string,
  init: { method?: string; json?: unknown } = {},
) => t.request(path, { ...init, token: user?.token }).then(answer);
const create = (user: TestUser, json: unknown) =>
  call(user, "/api/contacts/", { method: "POST", json });
const names = (res: { body: unknown }) => (res.body as { name: string }[]).map((r) => r.name);

async function contact(user: TestUser, json: Record<string, unknown>) {
  const res = await create(user, json);
  expect(res.status).toBe(201);
  return res.body as { id: number; job_applications: number[] };
}

describe("POST /api/contacts/", () => {
  it("creates a contact linked to the caller's applications", async () => {
    const alice = await createUserWithToken(t);
    const [a, b] = [await createApplication(t, alice), await createApplication(t, alice)];
    const res = await create(alice, {
      name: " Dana ",
      email: "dana@acme.example",
      phone: "+49 30 1234567",
      company: "Acme",
      role: "Recruiter",
      url: "https://www.linkedin.com/in/dana",
      notes: "Prefers email",
      job_applications: [b.id, String(a.id), b.id],
      id: 5,
      created_at: "2000-01-01T00:00:00Z",
    });
    expect(res).toEqual({
      status: 201,
      body: {
        id: expect.any(Number),
        name: "Dana",
        email: "dana@acme.example",
        phone: "+49 30 1234567",
        company: "Acme",
        role: "Recruiter",
        url: "https://www.linkedin.com/in/dana",
        notes: "Prefers email",
        job_applications: [a.id, b.id].sort((x, y) => x - y),
        created_at: expect.not.stringContaining("2000-01-01"),
        updated_at: expect.stringMatching(/Z$/),
      },
    });
    const one = res.body as { id: number };
    expect(await call(alice, `/api/contacts/${one.id}/`)).toEqual({ status: 200, body: res.body });
    expect(await create(alice, { name: "Only a name" })).toMatchObject({
      status: 201,
      body: { email: "", url: "", job_applications: [] },
    });
  });

  it("refuses another user's application on job_applications (400) and writes nothing", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const mine = await createApplication(t, alice);
    const theirs = await createApplication(t, bob);
    expect(await create(alice, { name: "X", job_applications: [mine.id, theirs.id] })).toEqual({
      status: 400,
      body: { job_applications: [`Invalid pk "${theirs.id}" - object does not exist.`] },
    });
    const deleted = await createApplication(t, alice);
    await call(alice, `/api/job-applications/${deleted.id}/`, { method: "DELETE" });
    expect(await create(alice, { name: "X", job_applications: [deleted.id] })).toEqual({
      status: 400,
      body: { job_applications: [`Invalid pk "${deleted.id}" - object does not exist.`] },
    });
    expect(await call(alice, "/api/contacts/")).toEqual({ status: 200, body: [] });
  });

  it("validates every field with DRF's messages", async () => {
    const alice = await createUserWithToken(t);
    expect(
      await create(alice, {
        email: "not-an-address",
        phone: "1".repeat(51),
        company: "c".repeat(256),
        role: "r".repeat(256),
        url: "javascript:alert(1)",
        notes: "n".repeat(5001),
        job_applications: "7",
      }),
    ).toEqual({
      status: 400,
      body: {
        name: ["This field is required."],
        email: ["Enter a valid email address."],
        phone: ["Ensure this field has no more than 50 characters."],
        company: ["Ensure this field has no more than 255 characters."],
        role: ["Ensure this field has no more than 255 characters."],
        url: ["Enter a valid URL."],
        notes: ["Ensure this field has no more than 5000 characters."],
        job_applications: ['Expected a list of items but got type "str".'],
      },
    });
    const cases = [
      [{ name: "" }, { name: ["This field may not be blank."] }],
      [{ name: "n".repeat(101) }, { name: ["Ensure this field has no more than 100 characters."] }],
      [
        { name: "x", job_applications: [1, "abc"] },
        { job_applications: ["Incorrect type. Expected pk value, received str."] },
      ],
      [
        { name: "x", job_applications: [-3] },
        { job_applications: ['Invalid pk "-3" - object does not exist.'] },
      ],
      [
        { name: "x", job_applications: Array.from({ length: 101 }, (_, i) => i + 1) },
        { job_applications: ["Ensure this field has no more than 100 elements."] },
      ],
      [
        { name: "x", job_applications: null },
        { job_applications: ["This field may not be null."] },
      ],
      [{ name: "x", url: "ftp://files.example" }, { url: ["Enter a valid URL."] }],
    ] as const;
    for (const [json, body] of cases) {
      expect(await create(alice, json)).toEqual({ status: 400, body });
    }
  });
});

describe("GET /api/contacts/", () => {
  it("lists by name, filters by application and search, hides deleted applications' links", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const a = await createApplication(t, alice);
    const b = await createApplication(t, alice);
    await contact(alice, { name: "Zoe", company: "Initech", job_applications: [a.id, b.id] });
    await contact(alice, { name: "Adam", role: "CTO at Acme", job_applications: [b.id] });
    await contact(alice, { name: "Mia", notes: "met at 100% remote meetup" });
    await contact(bob, { name: "Bob's own" });

    expect(names(await call(alice, "/api/contacts/"))).toEqual(["Adam", "Mia", "Zoe"]);
    expect(names(await call(alice, `/api/contacts/?job_application=${a.id}`))).toEqual(["Zoe"]);
    expect(names(await call(alice, `/api/contacts/?job_application=${b.id}`))).toEqual([
      "Adam",
      "Zoe",
    ]);
    expect(names(await call(bob, `/api/contacts/?job_application=${b.id}`))).toEqual([]);
    expect(names(await call(alice, "/api/contacts/?search=acme cto"))).toEqual(["Adam"]);
    expect(names(await call(alice, "/api/contacts/?search=INITECH"))).toEqual(["Zoe"]);
    // The term is taken literally: % is no wildcard.
    expect(names(await call(alice, "/api/contacts/?search=100%25"))).toEqual(["Mia"]);
    expect(names(await call(alice, "/api/contacts/?search=%25"))).toEqual(["Mia"]);

    await call(alice, `/api/job-applications/${a.id}/`, { method: "DELETE" });
    const zoe = (await call(alice, "/api/contacts/?search=zoe")).body as {
      job_applications: number[];
    }[];
    expect(zoe[0]?.job_applications).toEqual([b.id]);
    expect(names(await call(alice, `/api/contacts/?job_application=${a.id}`))).toEqual([]);
    // A restore brings the hidden link back.
    await call(alice, `/api/job-applications/${a.id}/restore/`, { method: "POST" });
    const back = (await call(alice, "/api/contacts/?search=zoe")).body as {
      job_applications: number[];
    }[];
    expect(back[0]?.job_applications).toEqual([a.id, b.id].sort((x, y) => x - y));
  });

  it("refuses an unbounded search and a bad application filter", async () => {
    const alice = await createUserWithToken(t);
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`).join(" ");
    expect(await call(alice, `/api/contacts/?search=${encodeURIComponent(many)}`)).toEqual({
      status: 400,
      body: { search: ["Ensure this field has no more than 20 search terms."] },
    });
    expect(await call(alice, `/api/contacts/?search=${"x".repeat(101)}`)).toEqual({
      status: 400,
      body: { search: ["Ensure each search term has no more than 100 characters."] },
    });
    expect(await call(alice, "/api/contacts/?job_application=abc")).toEqual({
      status: 400,
      body: { job_application: ["Enter a whole number."] },
    });
  });
});

describe("/api/contacts/{id}/", () => {
  it("PUT and PATCH change fields and replace links; DELETE removes; others get 404", async () => {
    const [alice, bob] = [await createUserWithToken(t), await createUserWithToken(t)];
    const a = await createApplication(t, alice);
    const b = await createApplication(t, alice);
    const hidden = await createApplication(t, alice);
    const one = await contact(alice, { name: "Dana", job_applications: [a.id, hidden.id] });
    await call(alice, `/api/job-applications/${hidden.id}/`, { method: "DELETE" });
    const path = `/api/contacts/${one.id}/`;

    expect(
      await call(alice, path, { method: "PATCH", json: { role: "Hiring manager" } }),
    ).toMatchObject({
      status: 200,
      body: { name: "Dana", role: "Hiring manager", job_applications: [a.id] },
    });
    expect(await call(alice, path, { method: "PUT", json: { company: "Acme" } })).toEqual({
      status: 400,
      body: { name: ["This field is required."] },
    });
    expect(
      await call(alice, path, {
        method: "PUT",
        json: { name: "Dana K", job_applications: [b.id] },
      }),
    ).toMatchObject({
      status: 200,
      body: { name: "Dana K", role: "Hiring manager", job_applications: [b.id] },
    });
    // The link to the deleted application was kept, hidden: it is back with the restore.
    await call(alice, `/api/job-applications/${hidden.id}/restore/`, { method: "POST" });
    expect(await call(alice, path)).toMatchObject({
      body: { job_applications: [b.id, hidden.id].sort((x, y) => x - y) },
    });
    const theirs = await createApplication(t, bob);
    expect(
      await call(alice, path, {
        method: "PATCH",
        json: { name: "Y", job_applications: [theirs.id] },
      }),
    ).toEqual({
      status: 400,
      body: { job_applications: [`Invalid pk "${theirs.id}" - object does not exist.`] },
    });
    expect(await call(alice, path)).toMatchObject({ body: { name: "Dana K" } });

    expect(await call(bob, path)).toEqual(NOT_FOUND);
    expect(await call(bob, path, { method: "PATCH", json: { name: "Hacked" } })).toEqual(NOT_FOUND);
    expect(await call(bob, path, { method: "PUT", json: { name: "Hacked" } })).toEqual(NOT_FOUND);
    expect(await call(bob, path, { method: "DELETE" })).toEqual(NOT_FOUND);
    expect(await call(alice, path, { method: "DELETE" })).toEqual({ status: 204, body: null });
    expect(await call(alice, path)).toEqual(NOT_FOUND);
  });
});
