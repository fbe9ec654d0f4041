import { describe, expect, it } from "vitest";
import { apiSuite, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";
import { DEFAULT_CHUNKS } from "../../helpers/fake-provider";
import { callTool, mcpClient } from "../../helpers/mcp";

/** The MCP server on the real server (Node, or workerd with E2E_WORKER=1), with the SDK's client. */
describe("MCP over HTTP", () => {
  it("lists the tools, calls them as REST, and a refused call writes nothing", async () => {
    const { target } = apiSuite();
    const me = await signUp(target);
    const client = await mcpClient(target.url, me.access);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("create_job_application");
      const made = await callTool(client, "create_resume", { title: "MCP CV", content: "# Me" });
      const id = (made.structured as { id: number }).id;
      const rest = await call(target, "GET", `/api/resumes/${id}/`, { token: me.access });
      expect(made).toMatchObject({ isError: false, structured: rest.body });

      const refused = await callTool(client, "create_job_application", { status: "Lost" });
      expect(refused).toEqual({
        isError: true,
        structured: undefined,
        text: JSON.stringify({ status: ['"Lost" is not a valid choice.'] }),
      });
      const apps = await call(target, "GET", "/api/job-applications/", { token: me.access });
      expect(apps.body).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("a generating tool answers the saved letter (the JSON variant) through the provider", async () => {
    const { target, openai } = apiSuite();
    const me = await signUp(target);
    const client = await mcpClient(target.url, me.access);
    try {
      const cv = await callTool(client, "create_resume", { title: "CV", content: "# Jane\n\nGo." });
      const app = await callTool(client, "create_job_application", {
        company_name: "Acme",
        original_job_description: "Go, PostgreSQL.",
        resume_used: (cv.structured as { id: number }).id,
      });
      await openai.reset();
      const letter = await callTool(client, "write_cover_letter", {
        id: (app.structured as { id: number }).id,
        model: "deepseek",
      });
      expect(letter).toMatchObject({
        isError: false,
        structured: { content: DEFAULT_CHUNKS.join(""), model: expect.any(String) },
      });
      expect(await openai.requests()).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it("401 with WWW-Authenticate without a token; GET and DELETE are 405", async () => {
    const { target } = apiSuite();
    const anon = await call(target, "POST", "/mcp", {
      json: { jsonrpc: "2.0", id: 1, method: "ping" },
      headers: { accept: "application/json, text/event-stream" },
    });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const me = await signUp(target);
    for (const method of ["GET", "DELETE"]) {
      const res = await call(target, method, "/mcp", { token: me.access });
      expect({ status: res.status, allow: res.headers.get("allow") }).toEqual({
        status: 405,
        allow: "POST, OPTIONS",
      });
    }
  });
});
