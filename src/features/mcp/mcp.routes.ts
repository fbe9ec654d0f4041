import { bodyText } from "../../core/body";
import { loadOnce } from "../../core/lazy";
import { anonScope, userScope } from "../../core/throttle";
import type { AnyRoute, RouteContext, RouteSpec } from "../../route";
import { route } from "../../route";
import type { Caller } from "./mcp.call";
import { jsonRpcAnswerSchema, jsonRpcErrorSchema } from "./mcp.schemas";
import type { Tool } from "./mcp.tools";

/** The routes the tools mirror (the app's table, which lists this route too: read late). */
export interface RouteCatalog {
  readonly routes: () => Promise<readonly AnyRoute[]>;
}

/**
 * The SDK, the tool table and its schema building on first use only: a cold Worker isolate
 * evaluates none of it (CONTRIBUTING.md); the route's definition is all the start-up holds.
 */
const loadServer = loadOnce(() => import("./mcp.server"));

/** The headers of `/mcp` the SDK's transport reads (the body is re-sent as the bounded text). */
const FORWARDED = ["accept", "content-type", "mcp-protocol-version", "mcp-session-id"];

const rpcError = (description: string, message: string) => ({
  description,
  schema: jsonRpcErrorSchema,
  example: { jsonrpc: "2.0", id: null, error: { code: -32000, message } },
});

const spec = {
  operationId: "mcp",
  method: "post",
  path: "/mcp",
  tag: "mcp",
  access: "bearer",
  // Any personal token: each tool call is its REST twin, which checks the twin's scope.
  tokenScope: "any",
  // Every POST is counted as any API request is; a tools/call also counts as its REST twin.
  throttle: [anonScope, userScope],
  summary: "Model Context Protocol server (Streamable HTTP, stateless, JSON answers)",
  description:
    "JSON-RPC 2.0 messages of the Model Context Protocol (`initialize`, `tools/list`, " +
    "`tools/call`, `ping`); send `Accept: application/json, text/event-stream` and " +
    "`Content-Type: application/json`. Each tool is one REST operation of this API, called " +
    "with the caller's credentials: the same access, token scopes, throttles, limits and " +
    "ledger; a REST error is a tool result with `isError: true` and the REST error body as " +
    "text. `GET` and `DELETE` answer 405 (no session, no server-sent stream).",
  responses: {
    200: {
      description: "The JSON-RPC answer (an array for a batch).",
      schema: jsonRpcAnswerSchema,
      example: { jsonrpc: "2.0", id: 1, result: {} },
    },
    202: { description: "Notifications only: accepted, no body." },
    400: rpcError("Not JSON, or not a JSON-RPC message.", "Parse error: Invalid JSON"),
    406: rpcError(
      "`Accept` does not list both JSON and event streams.",
      "Not Acceptable: Client must accept both application/json and text/event-stream",
    ),
    415: rpcError(
      "The body is not `application/json`.",
      "Unsupported Media Type: Content-Type must be application/json",
    ),
  },
} as const satisfies RouteSpec;

/**
 * Runs the calls one after another: the tool calls of one batch (up to the SDK's 100 messages)
 * then hold one request's worth of database connections and provider calls, not a hundred.
 */
function oneAtATime<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  let last: Promise<unknown> = Promise.resolve();
  return (...args: A): Promise<R> => {
    const next = last.then(() => run(...args));
    last = next.catch(() => undefined);
    return next;
  };
}

/** `POST /mcp`: the MCP server whose tools are the REST operations of `mcp.tools.ts`. */
export function mcpRoutes(catalog: RouteCatalog) {
  // Built on the first request (the tools' schemas), kept for the process or isolate.
  let tools: Map<string, Tool> | undefined;
  return [
    route(spec, async (c: RouteContext<typeof spec>) => {
      const headers = new Headers();
      for (const name of FORWARDED) {
        const value = c.req.header(name);
        if (value !== undefined) headers.set(name, value);
      }
      // Read through the entry's reader (MAX_BODY_BYTES), then handed to the SDK as is.
      const body = await bodyText(c);
      const req = new Request(c.req.url, { method: "POST", headers, body });
      const caller: Caller = {
        fetch: c.get("appFetch"),
        env: c.env,
        url: c.req.url,
        authorization: c.req.header("authorization") ?? "",
        clientIp: c.get("clientIp"),
        requestId: c.get("requestId"),
      };
      const { serveMcp, buildTools, toolsFor, callTool } = await loadServer();
      tools ??= buildTools(await catalog.routes());
      const all = tools;
      return serveMcp(req, {
        listed: () => toolsFor(all, c.get("personalToken")),
        find: (name) => all.get(name),
        call: oneAtATime((tool: Tool, args: Record<string, unknown>) =>
          callTool(tool, args, caller),
        ),
      });
    }),
  ];
}
