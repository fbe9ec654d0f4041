import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coverLetter, jobApplication, resume } from "../../src/db/schema";
import { TOOL_ROWS } from "../../src/features/mcp/mcp.tools";
import { type AiTestContext, createModel, ledger, useAiTestContext } from "../helpers/ai";
import { answer, applicationWithResume, createResume, POSTING } from "../helpers/api";
import { createUserWithToken, type TestUser } from "../helpers/factories";
import { DEFAULT_CHUNKS } from "../helpers/fake-provider";
import { callTool, mcpClient, serveOverHttp } from "../helpers/mcp";

/**
 * The MCP server through the official SDK's client over real HTTP: tools listed from the route
 * definitions, called as their REST twins (same answers, same refusals, nothing written when
 * REST would refuse), the AI ones through the same limits and ledger.
 */
let t: AiTestContext;
useAiTestContext((ctx) => {
  t = ctx;
});

let http: Awaited<ReturnType<typeof serveOverHttp>>;
beforeAll(async () => {
  http = await serveOverHttp(t);
});
afterAll(() => http.close());

async function signedIn(): Promise<{ user: TestUser; client: Client }> {
  const user = await createUserWithToken(t);
  return { user, client: await mcpClient(http.url, user.token) };
}

const rowsOf = async (table: typeof resume | typeof jobApplication, userId: number) =>
  (await t.deps.database.db.select().from(table).where(eq(table.userId, userId))).length;

describe("tools/list", () => {
  it("lists every tool of the table, read-only hints and input schemas from the routes", async () => {
    const { client } = await signedIn();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(TOOL_ROWS.map((r) => r.name));
    for (const tool of tools) {
      const row = TOOL_ROWS.find((r) => r.name === tool.name);
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(row?.readOnly);
      expect(tool.inputSchema.type).toBe("object");
    }
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get("create_resume")?.inputSchema).toMatchObject({
      properties: { title: { type: "string", maxLength: 255 }, content: { type: "string" } },
      required: ["title", "content"],
    });
    expect(byName.get("get_resume")?.inputSchema).toMatchObject({
      properties: { id: { type: "integer", minimum: 1 } },
      required: ["id"],
    });
    // The list's filters are its query schema; export offers the text formats only.
    expect(Object.keys(byName.get("list_job_applications")?.inputSchema.properties ?? {})).toEqual([
      "status",
      "search",
      "ordering",
      "deleted",
      "limit",
      "offset",
    ]);
    expect(byName.get("export_resume")?.inputSchema.properties?.format).toMatchObject({
      enum: ["md", "json"],
    });
    expect(byName.get("intake_job_posting")?.inputSchema.properties).toHaveProperty("save");
  });
});

describe("tools/call", () => {
  it("create_resume, get_resume, list_resumes, update_resume answer what REST answers", async () => {
    const { user, client } = await signedIn();
    const made = await callTool(client, "create_resume", { title: "MCP CV", content: "# Me" });
    expect(made.isError).toBe(false);
    const id = (made.structured as { id: number }).id;
    const rest = await answer(await t.request(`/api/resumes/${id}/`, { token: user.token }));
    expect(rest.status).toBe(200);
    expect(made.structured).toEqual(rest.body);
    expect(JSON.parse(made.text)).toEqual(rest.body);

    expect(await callTool(client, "get_resume", { id })).toMatchObject({ structured: rest.body });
    const list = await callTool(client, "list_resumes");
    expect(list.structured).toEqual({ results: [rest.body] });
    expect(JSON.parse(list.text)).toEqual({ results: [rest.body] });

    const changed = await callTool(client, "update_resume", { id, title: "Renamed" });
    expect(changed).toMatchObject({ isError: false, structured: { id, title: "Renamed" } });
    const after = await answer(await t.request(`/api/resumes/${id}/`, { token: user.token }));
    expect(after.body).toMatchObject({ title: "Renamed", content: "# Me" });
  });

  it("a call REST refuses is isError with REST's body, and writes nothing", async () => {
    const { user, client } = await signedIn();
    const long = await callTool(client, "create_resume", { title: "x".repeat(256), content: "c" });
    expect(long).toEqual({
      isError: true,
      structured: undefined,
      text: JSON.stringify({ title: ["Ensure this field has no more than 255 characters."] }),
    });
    const missing = await callTool(client, "create_job_application", { status: "Lost" });
    expect(missing.isError).toBe(true);
    expect(JSON.parse(missing.text)).toEqual({ status: ['"Lost" is not a valid choice.'] });
    expect(await rowsOf(resume, user.id)).toBe(0);
    expect(await rowsOf(jobApplication, user.id)).toBe(0);
  });

  it("another user's resume is REST's 404; a bad id too", async () => {
    const other = await createUserWithToken(t);
    const theirs = await createResume(t, other);
    const { client } = await signedIn();
    const notFound = JSON.stringify({ detail: "Not found." });
    for (const args of [{ id: theirs.id }, { id: "abc" }, { id: 0 }]) {
      expect(await callTool(client, "get_resume", args)).toEqual({
        isError: true,
        structured: undefined,
        text: notFound,
      });
    }
    const patched = await callTool(client, "update_resume", { id: theirs.id, title: "Mine now" });
    expect(patched).toMatchObject({ isError: true, text: notFound });
    const still = await answer(
      await t.request(`/api/resumes/${theirs.id}/`, { token: other.token }),
    );
    expect(still.body).toMatchObject({ title: theirs.title });
    expect(await callTool(client, "get_resume", {})).toMatchObject({
      isError: true,
      text: JSON.stringify({ id: ["This field is required."] }),
    });
  });

  it("export_resume: Markdown as text, JSON Resume as structured content, no binary formats", async () => {
    const { user, client } = await signedIn();
    const cv = await createResume(t, user, { content: "# Jane Doe\n\nBackend engineer." });
    const md = await callTool(client, "export_resume", { id: cv.id });
    expect(md).toEqual({
      isError: false,
      structured: undefined,
      text: "# Jane Doe\n\nBackend engineer.",
    });
    const json = await callTool(client, "export_resume", { id: cv.id, format: "json" });
    expect(json.isError).toBe(false);
    expect(json.structured).toMatchObject({ basics: { name: "Jane Doe" } });
    expect(await callTool(client, "export_resume", { id: cv.id, format: "pdf" })).toEqual({
      isError: true,
      structured: undefined,
      text: JSON.stringify({ format: ['"pdf" is not a valid choice.'] }),
    });
  });

  it("list_job_applications takes the list's filters; update and match work on one", async () => {
    const { user, client } = await signedIn();
    const { application } = await applicationWithResume(t, user, { status: "Applied" });
    await callTool(client, "create_job_application", { company_name: "Initech", status: "Offer" });
    const offers = await callTool(client, "list_job_applications", { status: "Offer" });
    expect(offers.structured).toMatchObject({ results: [{ company_name: "Initech" }] });
    expect((offers.structured as { results: unknown[] }).results).toHaveLength(1);
    const paged = await callTool(client, "list_job_applications", {
      limit: 1,
      ordering: "company_name",
    });
    expect(paged.structured).toMatchObject({ count: 2, results: [{ company_name: "Acme" }] });

    const moved = await callTool(client, "update_job_application", {
      id: application.id,
      status: "Interviewing",
    });
    expect(moved.structured).toMatchObject({ id: application.id, status: "Interviewing" });
    const match = await callTool(client, "match_job_application", { id: application.id });
    const rest = await answer(
      await t.request(`/api/job-applications/${application.id}/match/`, {
        method: "POST",
        token: user.token,
        json: {},
      }),
    );
    expect(match.structured).toEqual(rest.body);
  });

  it("intake_job_posting: a draft, or with save the new application", async () => {
    const { user, client } = await signedIn();
    const draft = await callTool(client, "intake_job_posting", {
      text: `Backend engineer\n${POSTING}`,
    });
    expect(draft.structured).toMatchObject({
      original_job_description: expect.stringContaining("Acme"),
    });
    expect(await rowsOf(jobApplication, user.id)).toBe(0);
    const saved = await callTool(client, "intake_job_posting", { text: POSTING, save: true });
    expect(saved.structured).toMatchObject({ id: expect.any(Number) });
    expect(await rowsOf(jobApplication, user.id)).toBe(1);
  });

  it("write_cover_letter and tailor_resume: the JSON variant, the model's limit and the ledger", async () => {
    const { user, client } = await signedIn();
    const model = await createModel(t, { dailyLimit: 2 });
    const { application } = await applicationWithResume(t, user);
    const letter = await callTool(client, "write_cover_letter", {
      id: application.id,
      model: model.displayName,
    });
    expect(letter).toMatchObject({
      isError: false,
      structured: { job_application: application.id, content: DEFAULT_CHUNKS.join("") },
    });
    const tailored = await callTool(client, "tailor_resume", {
      id: application.id,
      model: model.displayName,
    });
    expect(tailored.structured).toMatchObject({ resume_id: expect.any(Number) });
    // The model's daily limit (2) is spent: the third is REST's 429, nothing saved or charged.
    const third = await callTool(client, "write_cover_letter", {
      id: application.id,
      model: model.displayName,
    });
    expect(third.isError).toBe(true);
    const rest = await answer(
      await t.request(`/api/job-applications/${application.id}/cover-letter/`, {
        method: "POST",
        token: user.token,
        json: { model: model.displayName },
      }),
    );
    expect(rest.status).toBe(429);
    expect(JSON.parse(third.text)).toEqual(rest.body);
    const letters = await t.deps.database.db
      .select()
      .from(coverLetter)
      .where(eq(coverLetter.userId, user.id));
    expect(letters).toHaveLength(1);
    // The ledger has the same row for each call, by MCP or REST: two served, two refused.
    const rows = (await ledger(t, model.id)).map((r) => [r.outcome, r.userId, r.clientIp]);
    expect(rows).toEqual([
      ["success", user.id, null],
      ["success", user.id, null],
      ["limited", user.id, null],
      ["limited", user.id, null],
    ]);
  });

  it("idempotency_key: a retried create writes once, in any argument order; other arguments are 422", async () => {
    const { user, client } = await signedIn();
    const args = { company_name: "Acme", job_title: "Backend", idempotency_key: "log-acme-1" };
    const first = await callTool(client, "create_job_application", args);
    const again = await callTool(client, "create_job_application", {
      idempotency_key: "log-acme-1",
      job_title: "Backend",
      company_name: "Acme",
    });
    expect(first.isError).toBe(false);
    expect(again).toEqual(first);
    expect(await rowsOf(jobApplication, user.id)).toBe(1);
    const other = await callTool(client, "create_job_application", {
      ...args,
      job_title: "Frontend",
    });
    expect(other).toEqual({
      isError: true,
      structured: undefined,
      text: JSON.stringify({
        detail: "This Idempotency-Key was already used with a different request.",
      }),
    });
    expect(await rowsOf(jobApplication, user.id)).toBe(1);
    const badKey = await callTool(client, "create_job_application", {
      ...args,
      idempotency_key: "a\nb",
    });
    expect(badKey.text).toBe(
      JSON.stringify({ detail: "Idempotency-Key must be 1 to 255 printable ASCII characters." }),
    );
    expect(await rowsOf(jobApplication, user.id)).toBe(1);
    // The key is offered where REST takes one, only there.
    const { tools } = await client.listTools();
    const keyed = tools
      .filter((tool) => tool.inputSchema.properties?.idempotency_key)
      .map((tool) => tool.name);
    expect(keyed).toEqual([
      "create_resume",
      "create_job_application",
      "intake_job_posting",
      "tailor_resume",
      "write_cover_letter",
      "add_note",
      "add_interview",
      "add_reminder",
      "create_contact",
    ]);
  });

  it("a retried generation with its idempotency_key is paid once", async () => {
    const { user, client } = await signedIn();
    const model = await createModel(t, { dailyLimit: 5 });
    const { application } = await applicationWithResume(t, user);
    const args = { id: application.id, model: model.displayName, idempotency_key: "letter-1" };
    const first = await callTool(client, "write_cover_letter", args);
    const retry = await callTool(client, "write_cover_letter", args);
    expect(first.isError).toBe(false);
    expect(retry).toEqual(first);
    expect(t.openai.requests).toHaveLength(1);
    expect((await ledger(t, model.id)).map((r) => r.outcome)).toEqual(["success"]);
  });

  it("list_ai_models answers the public list", async () => {
    const { client } = await signedIn();
    const rest = await answer(await t.request("/api/ai/models/"));
    expect((await callTool(client, "list_ai_models")).structured).toEqual({
      ...(rest.body as object),
      cache_status: "HIT (Response from Redis cache)",
    });
  });

  it("an unknown tool is a protocol error", async () => {
    const { client } = await signedIn();
    await expect(client.callTool({ name: "drop_tables", arguments: {} })).rejects.toThrow(
      /Unknown tool: drop_tables/,
    );
  });
});

/** A personal access token of the user with these scopes (minted through the REST API). */
async function personalToken(user: TestUser, scopes: string[]): Promise<string> {
  const res = await t.request("/api/auth/tokens/", {
    method: "POST",
    token: user.token,
    json: { name: "assistant", scopes },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe("with a personal access token", () => {
  it("lists the tools its scopes cover; a call outside them is REST's 403 and writes nothing", async () => {
    const user = await createUserWithToken(t);
    const cv = await createResume(t, user, { title: "Readable" });
    const client = await mcpClient(http.url, await personalToken(user, ["resumes:read"]));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      "list_resumes",
      "get_resume",
      "export_resume",
      "list_ai_models",
    ]);
    expect(await callTool(client, "get_resume", { id: cv.id })).toMatchObject({
      isError: false,
      structured: { id: cv.id, title: "Readable" },
    });
    const refused = await callTool(client, "create_resume", { title: "New", content: "x" });
    expect(refused).toEqual({
      isError: true,
      structured: undefined,
      text: JSON.stringify({ detail: 'This token does not have the scope "resumes:write".' }),
    });
    const apps = await callTool(client, "create_job_application", { company_name: "Acme" });
    expect(JSON.parse(apps.text)).toEqual({
      detail: 'This token does not have the scope "applications:write".',
    });
    expect(await rowsOf(resume, user.id)).toBe(1);
    expect(await rowsOf(jobApplication, user.id)).toBe(0);
  });

  it("a write scope works through MCP; a body that needs another scope is refused (intake with a model)", async () => {
    const user = await createUserWithToken(t);
    const client = await mcpClient(http.url, await personalToken(user, ["applications:write"]));
    const made = await callTool(client, "create_job_application", { company_name: "Initech" });
    expect(made).toMatchObject({ isError: false, structured: { company_name: "Initech" } });
    const withModel = await callTool(client, "intake_job_posting", {
      text: POSTING,
      model: "Deepseek",
    });
    expect(withModel).toMatchObject({
      isError: true,
      text: JSON.stringify({ detail: 'This token does not have the scope "ai".' }),
    });
    expect(await rowsOf(jobApplication, user.id)).toBe(1);
  });

  it("a revoked token is refused at /mcp itself (401)", async () => {
    const user = await createUserWithToken(t);
    const pat = await personalToken(user, ["resumes:read"]);
    const client = await mcpClient(http.url, pat);
    const [row] = (await (await t.request("/api/auth/tokens/", { token: user.token })).json()) as {
      id: number;
    }[];
    const del = await t.request(`/api/auth/tokens/${row?.id}/`, {
      method: "DELETE",
      token: user.token,
    });
    expect(del.status).toBe(204);
    await expect(client.listTools()).rejects.toThrow(/token_not_valid/);
  });
});

describe("POST /mcp over HTTP", () => {
  it("401 with WWW-Authenticate without credentials; GET and DELETE are 405", async () => {
    const res = await fetch(`${http.url}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
    const user = await createUserWithToken(t);
    for (const method of ["GET", "DELETE"]) {
      const other = await fetch(`${http.url}/mcp`, {
        method,
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect({ status: other.status, allow: other.headers.get("allow") }).toEqual({
        status: 405,
        allow: "POST, OPTIONS",
      });
    }
  });

  it("stateless: a tools/call needs no initialize first (README's curl)", async () => {
    const user = await createUserWithToken(t);
    await createResume(t, user, { title: "Plain CV" });
    const res = await fetch(`${http.url}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${user.token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "list_resumes", arguments: {} },
      }),
    });
    expect(res.headers.get("mcp-session-id")).toBeNull();
    expect({ status: res.status, body: await res.json() }).toMatchObject({
      status: 200,
      body: {
        jsonrpc: "2.0",
        id: 7,
        result: { structuredContent: { results: [{ title: "Plain CV" }] } },
      },
    });
  });

  it("a batch's tool calls run one after another, in order", async () => {
    const user = await createUserWithToken(t);
    const call = (id: number, title: string) => ({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "create_resume", arguments: { title, content: "x" } },
    });
    const res = await fetch(`${http.url}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${user.token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-03-26",
      },
      body: JSON.stringify([call(1, "A"), call(2, "B"), call(3, "C")]),
    });
    expect(res.status).toBe(200);
    const answers = (await res.json()) as {
      id: number;
      result: { structuredContent: { id: number; title: string } };
    }[];
    const made = answers.sort((a, b) => a.id - b.id).map((a) => a.result.structuredContent);
    expect(made.map((r) => r.title)).toEqual(["A", "B", "C"]);
    expect(made.map((r) => r.id)).toEqual([...made.map((r) => r.id)].sort((a, b) => a - b));
    expect(await rowsOf(resume, user.id)).toBe(3);
  });

  it("a bad token is 401; malformed JSON is the transport's JSON-RPC parse error", async () => {
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const bad = await fetch(`${http.url}/mcp`, {
      method: "POST",
      headers: { ...headers, authorization: "Bearer nope" },
      body: "{}",
    });
    expect(bad.status).toBe(401);
    const user = await createUserWithToken(t);
    const res = await fetch(`${http.url}/mcp`, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${user.token}` },
      body: "{not json",
    });
    expect({ status: res.status, body: await res.json() }).toMatchObject({
      status: 400,
      body: { jsonrpc: "2.0", error: { code: -32700 } },
    });
  });
});
