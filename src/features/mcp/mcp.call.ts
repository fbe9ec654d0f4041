import type { AppEnv } from "../../app-env";
import { requestBodyReader } from "../../core/body";
import { MSG } from "../../core/fields";
import { INVALID_KEY_DETAIL, validKey } from "../../core/idempotency";
import { HeaderBag } from "../../core/response-headers";
import type { Tool } from "./mcp.tools";

/** The app's own `fetch`: a tool call runs the whole chain its REST twin runs. */
export type AppFetch = AppEnv["Variables"]["appFetch"];

/** Who calls a tool, as the `POST /mcp` request carrying the call says. */
export interface Caller {
  readonly fetch: AppFetch;
  readonly env: AppEnv["Bindings"];
  /** The `/mcp` request's URL: the tool's request goes to the same origin. */
  readonly url: string;
  readonly authorization: string;
  /** The client address the app resolved for `/mcp` (throttles count the caller, not us). */
  readonly clientIp: string;
  readonly requestId: string;
}

/** An MCP `tools/call` result (the SDK's `CallToolResult`). */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** A refusal made before the REST call, in the REST error format (nothing was sent). */
const refused = (body: unknown): ToolResult => ({
  isError: true,
  content: [{ type: "text", text: JSON.stringify(body) }],
});

/** A path or query value as text; anything else is sent as JSON for REST to refuse. */
const scalar = (v: unknown): string =>
  typeof v === "string"
    ? v
    : typeof v === "number" || typeof v === "boolean"
      ? String(v)
      : JSON.stringify(v);

interface Parts {
  path: Record<string, string>;
  query: URLSearchParams;
  /** The idempotency key, when given. */
  key?: string;
  body: Record<string, unknown>;
}

/**
 * The arguments by where REST reads them: path fields (checked by the route's own `params`
 * schema, whose failure is REST's 404), query fields, the idempotency key, and every other
 * argument into the JSON body (the body schema ignores unknown keys, as DRF does), its keys
 * sorted so a retry in another order is the same request to the idempotency check.
 */
function sortArguments({ route, row, places }: Tool, args: Record<string, unknown>) {
  const parts: Parts = { path: {}, query: new URLSearchParams(), body: {} };
  for (const key of Object.keys(args).sort()) {
    const value = args[key];
    const only = row.choices?.[key];
    if (only && value !== undefined && !only.includes(scalar(value))) {
      return refused({ [key]: [MSG.choice(scalar(value))] });
    }
    const place = places.get(key);
    if (place === "path") parts.path[key] = scalar(value);
    else if (place === "header") {
      // Checked here: a header cannot carry what REST would refuse (a line break, ...).
      if (!validKey(scalar(value))) return refused({ detail: INVALID_KEY_DETAIL });
      parts.key = scalar(value);
    } else if (place !== "query") parts.body[key] = value;
    else if (value !== undefined && value !== null) parts.query.append(key, scalar(value));
  }
  for (const [key, place] of places) {
    if (place === "path" && parts.path[key] === undefined)
      return refused({ [key]: [MSG.required] });
  }
  if (route.params && !route.params.safeParse(parts.path).success) {
    return refused({ detail: "Not found." });
  }
  return parts;
}

/** The REST request of a call, with the caller's credentials. */
function restRequest(tool: Tool, parts: Parts, caller: Caller): Request {
  const { route } = tool;
  const path = route.path.replace(/\{(\w+)\}/g, (_, k: string) =>
    encodeURIComponent(parts.path[k] ?? ""),
  );
  const url = new URL(path, caller.url);
  url.search = parts.query.toString();
  const headers = new Headers({
    // The JSON answer, never the SSE variant of a generation.
    accept: "application/json",
    authorization: caller.authorization,
    "x-request-id": caller.requestId,
  });
  if (parts.key !== undefined) headers.set("idempotency-key", parts.key);
  if (route.body) headers.set("content-type", "application/json");
  return new Request(url, {
    method: route.method.toUpperCase(),
    headers,
    ...(route.body ? { body: JSON.stringify(parts.body) } : {}),
  });
}

/** A plain JSON object (MCP's `structuredContent` is one; a list is wrapped as `results`). */
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The REST answer as a tool result: a JSON answer is the structured content and its text; a
 * text answer (a Markdown export) is the text; a 4xx or 5xx is `isError` with the REST error
 * body as text, exactly as REST answered it.
 */
async function toResult(res: Response): Promise<ToolResult> {
  const text = await res.text();
  if (res.status >= 400) return { isError: true, content: [{ type: "text", text }] };
  if (!(res.headers.get("content-type") ?? "").includes("json") || !text) {
    return { content: [{ type: "text", text }] };
  }
  const body = JSON.parse(text) as unknown;
  if (isObject(body)) return { structuredContent: body, content: [{ type: "text", text }] };
  const wrapped = { results: body };
  return { structuredContent: wrapped, content: [{ type: "text", text: JSON.stringify(wrapped) }] };
}

/**
 * Calls a tool through the app itself, as its REST twin with the caller's credentials and
 * address: the same guards (access, token scope), throttles, validation, limits, ledger and
 * idempotency run, and a refusal writes nothing because REST's does not.
 */
export async function callTool(
  tool: Tool,
  args: Record<string, unknown>,
  caller: Caller,
): Promise<ToolResult> {
  const parts = sortArguments(tool, args);
  if ("content" in parts) return parts;
  const req = restRequest(tool, parts, caller);
  const env: AppEnv["Bindings"] = {
    deps: caller.env.deps,
    socketIp: caller.clientIp,
    readBody: requestBodyReader(req),
    headers: new HeaderBag(),
  };
  return toResult(await caller.fetch(req, env));
}
