import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * How a route's `body` and `query` are read before zod sees them (src/core/validate.ts, through
 * @hono/zod-validator): as DRF's parsers read them.
 */
let t: TestContext;
let alice: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
});
afterAll(() => t.close());

const post = (body: string, type?: string) =>
  t.request("/api/resumes/", {
    method: "POST",
    token: alice.token,
    headers: type ? { "content-type": type } : {},
    // Bytes: a string body would get text/plain from the Request constructor.
    body: new TextEncoder().encode(body),
  });

describe("request bodies", () => {
  it("accepts a form body as DRF's FormParser does (a repeated key: its last value)", async () => {
    const res = await post(
      "title=Form&content=first&content=last",
      "application/x-www-form-urlencoded",
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ title: "Form", content: "last" });
  });

  it("reads an empty body as {}, whatever its type, and reports the missing fields", async () => {
    for (const type of ["application/json", "text/plain", undefined]) {
      const res = await post("", type);
      expect(res.status, String(type)).toBe(400);
      expect(await res.json()).toEqual({
        title: ["This field is required."],
        content: ["This field is required."],
      });
    }
  });

  it("words a JSON parse error as DRF, with the parser's reason", async () => {
    const res = await post("{", "application/json; charset=utf-8");
    expect(res.status).toBe(400);
    const { detail } = (await res.json()) as { detail: string };
    let reason = "";
    try {
      JSON.parse("{");
    } catch (err) {
      reason = (err as Error).message;
    }
    expect(detail).toBe(`JSON parse error - ${reason}`);
  });

  it("answers 415 for a body without a content type", async () => {
    const res = await post('{"title":"x","content":"y"}');
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ detail: 'Unsupported media type "" in request.' });
  });

  it("accepts a +json media type", async () => {
    const res = await post('{"title":"x","content":"y"}', "application/vnd.api+json");
    expect(res.status).toBe(201);
  });
});

describe("query strings", () => {
  it("takes the last value of a repeated key", async () => {
    await t.request("/api/job-applications/", {
      method: "POST",
      token: alice.token,
      json: { job_title: "Query", company_name: "Twice", status: "Offer" },
    });
    const res = await t.request("/api/job-applications/?status=Applied&status=Offer", {
      token: alice.token,
    });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { company_name: string; status: string }[];
    expect(rows.map((r) => [r.company_name, r.status])).toEqual([["Twice", "Offer"]]);
  });
});
