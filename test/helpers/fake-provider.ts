import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostile } from "./fake-hostile";

/** What the fake does with one request. */
export type Behavior =
  | {
      kind: "ok";
      /** Streamed in these pieces (plain answers join them). */
      chunks?: string[];
      /** Wait before answering at all. */
      delayMs?: number;
      /** Wait between streamed chunks (stream slowly). */
      chunkDelayMs?: number;
      usage?: { prompt: number; completion: number };
      /** Cut the connection after this many streamed events (a stream that breaks mid-way). */
      dropAfter?: number;
    }
  | { kind: "status"; status: number; retryAfter?: string; delayMs?: number }
  | { kind: "invalid-key" }
  /** Never answers (the caller's timeout or abort must end it). */
  | { kind: "hang" }
  /** Cuts the connection without an answer (a network error). */
  | { kind: "drop" }
  /**
   * A hostile or broken server, over the real wire format: `content` as the answer's text field
   * whatever its JSON type (an array, an object, a number, null); streamed as one event.
   */
  | { kind: "content"; content: unknown }
  /**
   * An answer of `chars` characters of `fill`, written piece by piece as the client reads it (the
   * fake never holds it): one JSON body, or SSE events of `pieceChars` each.
   */
  | { kind: "huge"; chars: number; fill?: string; pieceChars?: number }
  /** A stream that never ends: `chunk` every `chunkDelayMs` (0: as fast as the client reads). */
  | { kind: "endless"; chunk?: string; chunkDelayMs?: number }
  /** A redirect (`status` 3xx) to `location`. */
  | { kind: "redirect"; status: number; location: string };

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  /** The key the SDK sent (x-goog-api-key or the bearer token). */
  apiKey: string | undefined;
  /** The client closed the connection before the answer was complete. */
  closedEarly: boolean;
  behavior: Behavior["kind"];
  /** Bytes of answer body the fake wrote (what a bounded client let through). */
  sentBytes: number;
}

export interface WireFormat {
  /** Parses the path; undefined for an unknown route (404). */
  route(method: string, url: URL, body: unknown): { stream: boolean } | undefined;
  apiKey(headers: IncomingMessage["headers"]): string | undefined;
  /** The answer's JSON; `text` is a string but for the hostile `content` behavior. */
  plain(text: unknown, usage: { prompt: number; completion: number }): unknown;
  /** SSE `data:` payloads, in order (the fake adds framing); the first carries the first chunk. */
  streamEvents(chunks: unknown[], usage: { prompt: number; completion: number }): string[];
  error(status: number): unknown;
  invalidKey: { status: number; body: unknown };
}

export interface FakeProvider {
  url: string;
  requests: Recorded[];
  /** Behaviors for the next requests, in order; then `fallback`. */
  script(...behaviors: Behavior[]): void;
  fallback: Behavior;
  /** Resolves when `check` holds (polls; for events that happen on the server's own time). */
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_CHUNKS = [
  "# Jane Doe\n\n",
  "## Experience\n\n",
  "- Built things that shipped.\n",
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  const text = Buffer.concat(parts).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A real HTTP server on a free port speaking one provider's wire format, scriptable per request. */
export async function startFakeProvider(wire: WireFormat, prefix = ""): Promise<FakeProvider> {
  const queue: Behavior[] = [];
  const requests: Recorded[] = [];
  const open = new Set<ServerResponse>();
  const fake: FakeProvider = {
    url: "",
    requests,
    fallback: { kind: "ok" },
    script: (...b) => void queue.push(...b),
    async waitFor(check, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > until) throw new Error("fake provider: condition not met in time");
        await sleep(10);
      }
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      fake.fallback = { kind: "ok" };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname.startsWith(CONTROL)) return control(fake, url.pathname, req, res);
    const body = await readJson(req);
    const route = wire.route(req.method ?? "GET", url, body);
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const behavior = queue.shift() ?? fake.fallback;
    const rec: Recorded = {
      method: req.method ?? "",
      path: url.pathname.slice(prefix.length) + url.search,
      headers: req.headers,
      body,
      apiKey: wire.apiKey(req.headers),
      closedEarly: false,
      behavior: behavior.kind,
      sentBytes: 0,
    };
    requests.push(rec);
    open.add(res);
    res.on("close", () => {
      open.delete(res);
      if (!res.writableEnded) rec.closedEarly = true;
    });
    const write = res.write.bind(res);
    res.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      rec.sentBytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      return write(chunk, ...rest);
    }) as typeof res.write;
    await answer(wire, behavior, route.stream, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  return fake;
}

/**
 * Where a test in another process (the fakes of the e2e API files run in vitest's global setup)
 * reads what the fake received and resets it: see `remoteFake`.
 */
const CONTROL = "/__fake/";

async function control(
  fake: FakeProvider,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  if (path === `${CONTROL}reset`) fake.reset();
  if (path === `${CONTROL}fallback`) fake.fallback = (await readJson(req)) as Behavior;
  const body = path === `${CONTROL}requests` ? fake.requests : {};
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** A fake provider's recorded requests and reset, over HTTP, from any process. */
export interface RemoteFake {
  url: string;
  requests(): Promise<Recorded[]>;
  reset(): Promise<void>;
  /** What the fake does with every request from now on (until `reset`). */
  setFallback(b: Behavior): Promise<void>;
}

export function remoteFake(url: string): RemoteFake {
  const base = `${new URL(url).origin}${CONTROL}`;
  return {
    url,
    requests: async () => (await (await fetch(`${base}requests`)).json()) as Recorded[],
    reset: async () => void (await (await fetch(`${base}reset`, { method: "POST" })).text()),
    setFallback: async (b) =>
      void (await (
        await fetch(`${base}fallback`, { method: "POST", body: JSON.stringify(b) })
      ).text()),
  };
}

async function answer(wire: WireFormat, b: Behavior, stream: boolean, res: ServerResponse) {
  if (b.kind === "hang") return;
  if (b.kind === "drop") return void res.socket?.destroy();
  if (b.kind === "content" || b.kind === "huge" || b.kind === "endless" || b.kind === "redirect") {
    return hostile(wire, b, stream, res);
  }
  if ("delayMs" in b && b.delayMs) await sleep(b.delayMs);
  if (res.destroyed) return;
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    res
      .writeHead(status, { "content-type": "application/json", ...headers })
      .end(JSON.stringify(body));
  if (b.kind === "invalid-key") return json(wire.invalidKey.status, wire.invalidKey.body);
  if (b.kind === "status") {
    return json(
      b.status,
      wire.error(b.status),
      b.retryAfter ? { "retry-after": b.retryAfter } : {},
    );
  }
  const chunks = b.chunks ?? DEFAULT_CHUNKS;
  const usage = b.usage ?? { prompt: 120, completion: 80 };
  if (!stream) return json(200, wire.plain(chunks.join(""), usage));
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const [i, event] of wire.streamEvents(chunks, usage).entries()) {
    if (res.destroyed) return;
    if (b.dropAfter !== undefined && i >= b.dropAfter) return void res.socket?.destroy();
    res.write(`data: ${event}\n\n`);
    if (b.chunkDelayMs) await sleep(b.chunkDelayMs);
  }
  res.end();
}
