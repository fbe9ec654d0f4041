import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { TestContext } from "./deps";

/** A test context's app behind a real Node HTTP server on a free loopback port. */
export async function serveOverHttp(t: Pick<TestContext, "fetch">) {
  const server = serve({ fetch: (req) => t.fetch(req), port: 0, hostname: "127.0.0.1" }) as Server;
  await new Promise<void>((r) => server.once("listening", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The official SDK's client, connected (initialized) to `${base}/mcp` with a bearer token. */
export async function mcpClient(base: string, token: string): Promise<Client> {
  const client = new Client({ name: "resumate-tests", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL("/mcp", base), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

/** A tool result as tests compare it: its error flag, its structured content, its text. */
export interface ToolAnswer {
  isError: boolean;
  structured: unknown;
  text: string;
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolAnswer> {
  const res = await client.callTool({ name, arguments: args });
  const content = (res.content ?? []) as { type: string; text?: string }[];
  return {
    isError: res.isError === true,
    structured: res.structuredContent,
    text: content.map((c) => c.text ?? "").join(""),
  };
}
