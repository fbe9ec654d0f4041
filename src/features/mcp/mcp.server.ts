/**
 * The MCP protocol side, from the official SDK: its low-level `Server` (the tools are listed
 * with the JSON Schemas the route definitions give, and called with the arguments as sent, so
 * REST's own validation answers) over its web-standard Streamable HTTP transport, stateless
 * with JSON answers. Loaded on the first `/mcp` request only (mcp.routes.ts): the SDK stays out
 * of a cold Worker isolate's start-up.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import type { ToolResult } from "./mcp.call";
import type { Tool } from "./mcp.tools";

export { callTool } from "./mcp.call";
export { buildTools, toolsFor } from "./mcp.tools";

export interface McpTools {
  /** What `tools/list` shows this caller. */
  readonly listed: () => readonly Tool[];
  /** Any tool by name (one not listed still answers: its REST twin refuses it). */
  readonly find: (name: string) => Tool | undefined;
  readonly call: (tool: Tool, args: Record<string, unknown>) => Promise<ToolResult>;
}

const INFO = { name: "resumate", version: "1.0.0" };
const INSTRUCTIONS =
  "ResuMate: your resumes, job applications and AI writing. Each tool is one REST operation " +
  "of the ResuMate API, with its rules and limits; an error result carries the REST error body.";

/**
 * The SDK checks what a client answers to an elicitation against the schema the server asked
 * with; this server never elicits, so it never asks. Its default (Ajv, built per server: a
 * server per request here) would cost every request for nothing.
 */
const neverElicits: jsonSchemaValidator = {
  getValidator: () => () => ({
    valid: false,
    data: undefined,
    errorMessage: "this server does not elicit input",
  }),
};

/** Answers one `POST /mcp` (a message or a batch) with a server of its own (stateless). */
export async function serveMcp(req: Request, tools: McpTools): Promise<Response> {
  const server = new Server(INFO, {
    capabilities: { tools: {} },
    instructions: INSTRUCTIONS,
    jsonSchemaValidator: neverElicits,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.listed().map((t) => t.listing),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const { name } = request.params;
    const tool = tools.find(name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name.slice(0, 100)}`);
    return tools.call(tool, request.params.arguments ?? {});
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(req);
  } finally {
    await server.close();
  }
}
