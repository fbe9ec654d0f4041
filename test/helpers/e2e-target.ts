import { assertMatchesContract } from "./contract";
import { type RunningServer, serverDatabaseEnv, startNodeServer } from "./node-server";

/**
 * The server an e2e file talks to over real HTTP: the Node server by default, or `wrangler dev`
 * (workerd) when E2E_WORKER=1, so one suite proves each endpoint on both runtimes.
 */
export interface E2eTarget {
  kind: "node" | "worker";
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export const E2E_SECRET = "e2e-secret-key-that-is-long-enough-for-hs256-000000";

export const targetKind = (): "node" | "worker" =>
  process.env.E2E_WORKER === "1" ? "worker" : "node";

/** Settings shared by both runtimes; `extra` adds per-suite ones (e.g. AI base URLs). */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "development",
    SECRET_KEY: E2E_SECRET,
    PASSWORD_HASH_ITERATIONS: "2000",
    LOG_LEVEL: "warn",
    THROTTLE_ENABLED: "false",
    ...extra,
  };
}

export async function startTarget(extra: Record<string, string> = {}): Promise<E2eTarget> {
  if (targetKind() === "worker") {
    const { startWorkerServer } = await import("./worker-server");
    return startWorkerServer(baseEnv(extra));
  }
  const db = serverDatabaseEnv();
  let server: RunningServer;
  try {
    server = await startNodeServer({ ...db.env, ...baseEnv(extra) });
  } catch (err) {
    db.cleanup();
    throw err;
  }
  return {
    kind: "node",
    url: server.url,
    output: server.output,
    async stop() {
      await server.stop("SIGTERM");
      db.cleanup();
    },
  };
}

/**
 * fetch with JSON in and out. Every response is checked against the served OpenAPI document
 * (status documented, required headers, media type, body schema) before the caller sees it;
 * `raw` sends a body as is (e.g. malformed JSON, text/plain) with the caller's headers; `chunks`
 * sends one without a Content-Length (chunked), a write per chunk.
 */
export async function call(
  target: { url: string },
  method: string,
  path: string,
  opts: {
    json?: unknown;
    raw?: string;
    chunks?: Uint8Array[];
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown; headers: Headers; res: Response }> {
  const headers: Record<string, string> = {};
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  Object.assign(headers, opts.headers);
  const chunks = opts.chunks;
  const stream = chunks
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      })
    : undefined;
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers,
    body: stream ?? (opts.json !== undefined ? JSON.stringify(opts.json) : opts.raw),
    ...(stream ? { duplex: "half" } : {}),
  } as RequestInit);
  await assertMatchesContract(method, path, res);
  const text = await res.clone().text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (SSE, HTML)
  }
  return { status: res.status, body, headers: res.headers, res };
}
