import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "../../src/features";
import { IDEMPOTENCY_FIELD } from "../../src/features/mcp/mcp.input";
import { buildTools, TOOL_ROWS } from "../../src/features/mcp/mcp.tools";
import type { RouteSpec } from "../../src/route";

/**
 * The tool table and the contract cannot drift apart: every row names an operation that exists,
 * every tool docs/API.md names has a row as soon as its REST operation exists, and the docs'
 * table says which operation each tool mirrors.
 */
const routes: readonly RouteSpec[] = apiRoutes;
const api = readFileSync(new URL("../../docs/API.md", import.meta.url), "utf8");
const section = api.slice(
  api.indexOf("## MCP server"),
  api.indexOf("\n## ", api.indexOf("## MCP server") + 1),
);

/** The tools the contract names (backticked snake_case words of its section but the argument). */
const documented = [
  ...new Set([...section.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((m) => m[1] ?? "")),
].filter((name) => name !== IDEMPOTENCY_FIELD);

/**
 * The REST twin of each tool whose operation is on another branch, by its documented path (none
 * at the moment: the tracker's landed with issue 23).
 */
const PENDING: Record<string, string> = {};

const operation = (id: string) => routes.find((r) => r.operationId === id);

describe("the MCP tool table", () => {
  it("names existing operations, once each", () => {
    for (const row of TOOL_ROWS) expect(operation(row.operationId), row.name).toBeDefined();
    expect(new Set(TOOL_ROWS.map((r) => r.name)).size).toBe(TOOL_ROWS.length);
    expect(buildTools(routes).size).toBe(TOOL_ROWS.length);
  });

  it("has a row for every documented tool whose REST operation exists", () => {
    const rows = new Set(TOOL_ROWS.map((r) => r.name));
    const known = new Set([...rows, ...Object.keys(PENDING)]);
    expect([...known].sort()).toEqual([...documented].sort());
    const ops = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const name of documented) {
      if (rows.has(name)) continue;
      const twin = PENDING[name];
      expect(twin, `${name} is documented but has no row and no pending twin`).toBeDefined();
      expect(ops.has(twin ?? ""), `${name}: ${twin} exists, so the tool needs a row`).toBe(false);
    }
  });

  it("is the docs' table: each row's method and path", () => {
    for (const row of TOOL_ROWS) {
      const r = operation(row.operationId);
      const line = `| \`${row.name}\` | ${r?.method.toUpperCase()} \`${r?.path}\``;
      const documentedLine = section.split("\n").find((l) => l.startsWith(line)) ?? "";
      expect(documentedLine, row.name).not.toBe("");
      expect(documentedLine.endsWith("| yes |"), `${row.name} read-only`).toBe(row.readOnly);
    }
  });

  it("marks reads read-only: every GET is, and a write never is", () => {
    const tools = buildTools(routes);
    for (const tool of tools.values()) {
      if (tool.route.method === "get") expect(tool.listing.annotations.readOnlyHint).toBe(true);
      if (["put", "patch", "delete"].includes(tool.route.method))
        expect(tool.listing.annotations.readOnlyHint).toBe(false);
    }
  });

  it("spells a nullable field as anyOf branches of one type each (portable to single-type dialects)", () => {
    const tools = buildTools(routes);
    for (const tool of tools.values()) {
      expect(JSON.stringify(tool.listing.inputSchema), tool.row.name).not.toMatch(/"type":\[/);
    }
    const create = tools.get("create_job_application")?.listing.inputSchema;
    expect(create?.properties).toMatchObject({
      company_name: { anyOf: [{ type: "string", maxLength: 255 }, { type: "null" }] },
    });
  });

  it("refuses a route whose parts name one field twice", () => {
    const clashing = routes.map((r) =>
      r.operationId === "updateResume" && r.params ? { ...r, query: r.params } : r,
    );
    expect(() => buildTools(clashing)).toThrow('update_resume: "id" is named twice');
  });
});
