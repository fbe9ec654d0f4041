/**
 * A local server speaking Upstash's Redis REST protocol in front of a real Redis, for development
 * and tests where Docker (and serverless-redis-http) is not available. Built on node-redis.
 *
 *   POST /             ["SET","k","v"]            -> {"result":"OK"}
 *   POST /pipeline     [["INCR","n"],["GET","k"]] -> [{"result":1},{"result":"v"}]
 *   POST /multi-exec   the same, in MULTI/EXEC    -> [{"result":...},{"error":"..."}]
 *   GET|POST /get/k    path style
 * Auth: `Authorization: Bearer <token>` (or `?_token=`). `Upstash-Encoding: base64` encodes strings.
 * Usage: REDIS_URL=redis://127.0.0.1:6379 UPSTASH_REDIS_REST_TOKEN=dev BRIDGE_PORT=8079 npm run bridge
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from "redis";
import {
  type Command,
  commandFromPath,
  encodeReply,
  errorText,
  ProtocolError,
  parseCommand,
  parseCommands,
  toReply,
} from "./upstash-bridge-protocol";

const MAX_BODY = 10 * 1024 * 1024;

export interface BridgeOptions {
  redisUrl: string;
  token: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningBridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Outcome = { result: unknown } | { error: string };

function createRedis(url: string, log: (line: string) => void) {
  let down = false;
  const client = createClient({
    url,
    RESP: 2,
    // Fail commands at once while disconnected instead of queueing them (callers see errors).
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (n) => Math.min(100 * 2 ** n, 2000) },
  });
  client.on("error", (err: Error) => {
    if (!down) log(`redis unavailable: ${err.message}`);
    down = true;
  });
  client.on("ready", () => {
    if (down) log("redis reconnected");
    down = false;
  });
  return client;
}

type RedisClient = ReturnType<typeof createRedis>;

/** Per-command outcome; only a Redis error reply is the command's own error. */
async function runOne(redis: RedisClient, cmd: Command, base64: boolean): Promise<Outcome> {
  try {
    const raw = await redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).sendCommand(cmd);
    return { result: encodeReply(toReply(raw), base64) };
  } catch (err) {
    if (err instanceof ErrorReply) return { error: err.message };
    throw err;
  }
}

async function runMulti(redis: RedisClient, cmds: Command[], base64: boolean): Promise<Outcome[]> {
  const multi = redis.multi();
  for (const cmd of cmds) multi.addCommand(cmd);
  try {
    const replies = await multi.exec();
    return replies.map((r) => ({ result: encodeReply(toReply(r), base64) }));
  } catch (err) {
    if (!(err instanceof MultiErrorReply)) throw err;
    return err.replies.map((r: unknown) =>
      r instanceof ErrorReply ? { error: r.message } : { result: encodeReply(toReply(r), base64) },
    );
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ProtocolError("ERR request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function authorized(req: IncomingMessage, url: URL, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const given = header.startsWith("Bearer ")
    ? header.slice(7)
    : (url.searchParams.get("_token") ?? "");
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolError("ERR failed to parse command: body is not valid JSON");
  }
}

async function route(redis: RedisClient, req: IncomingMessage, url: URL, base64: boolean) {
  const body = await readBody(req);
  // node-redis fails single commands at once while disconnected, but a MULTI waits on the
  // reconnect attempts (0.2-1.8 s): every path answers at once instead, as Upstash would.
  if (!redis.isReady) throw new Error("The client is offline");
  if (url.pathname === "/pipeline") {
    const cmds = parseCommands(parseJson(body));
    return { status: 200, body: await Promise.all(cmds.map((c) => runOne(redis, c, base64))) };
  }
  if (url.pathname === "/multi-exec") {
    return { status: 200, body: await runMulti(redis, parseCommands(parseJson(body)), base64) };
  }
  const cmd =
    url.pathname === "/" || url.pathname === ""
      ? parseCommand(parseJson(body))
      : [...commandFromPath(url.pathname), ...(body ? [body] : [])];
  const outcome = await runOne(redis, cmd, base64);
  return { status: "error" in outcome ? 400 : 200, body: outcome };
}

export async function startUpstashBridge(opts: BridgeOptions): Promise<RunningBridge> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[upstash-bridge] ${line}\n`));
  const redis = createRedis(opts.redisUrl, log);
  await redis.connect().catch((err: Error) => log(`first connect failed: ${err.message}`));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://bridge");
    if (!authorized(req, url, opts.token)) return send(res, 401, { error: "Unauthorized" });
    if (req.method !== "POST" && req.method !== "GET") {
      return send(res, 405, { error: "Method not allowed" });
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    route(redis, req, url, base64).then(
      (r) => send(res, r.status, r.body),
      (err: unknown) =>
        err instanceof ProtocolError
          ? send(res, 400, { error: err.message })
          : send(res, 500, { error: `ERR redis unavailable: ${errorText(err)}` }),
    );
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.destroy();
    },
  };
}

async function main() {
  const token = process.env.UPSTASH_REDIS_REST_TOKEN;
  if (!token) throw new Error("UPSTASH_REDIS_REST_TOKEN must be set");
  const bridge = await startUpstashBridge({
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    token,
    port: Number(process.env.BRIDGE_PORT ?? 8079),
    host: process.env.BRIDGE_HOST ?? "127.0.0.1",
  });
  process.stderr.write(`[upstash-bridge] listening on ${bridge.url}\n`);
  const stop = () => void bridge.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`[upstash-bridge] ${errorText(err)}\n`);
    process.exit(1);
  });
}
