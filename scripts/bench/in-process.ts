/**
 * `npx tsx scripts/bench/in-process.ts [path] [requests]`: the CPU of one request through the
 * Node entry's own path (@hono/node-server's listener, the app, the header bag written with the
 * head by BaggedResponse) without sockets, kernel or load generator: a socket stand-in takes
 * the bytes. Beside it, a bare Hono app answering the same body alone (`/static`) and with the
 * API's headers as a plain object (`/static-headers`), as scripts/bench/baseline.ts does. Five
 * rounds each, interleaved; prints µs of this process's CPU per request.
 *
 * What it is for: a change to the per-request path measured in seconds, with a spread of a few
 * percent where an autocannon row on this machine swings by a fifth (BENCHMARKS.md #37).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Duplex } from "node:stream";
import { getRequestListener, type Http2Bindings, type HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import { parseConfig } from "../../src/config";
import { createLogger } from "../../src/core/logger";
import { HeaderBag, withResponseHeaders } from "../../src/core/response-headers";
import { incomingBody } from "../../src/entry/node-body";
import { BaggedResponse, responseHeaders } from "../../src/entry/node-headers";

const [path = "/api/ai/models/", requestsArg = "100000"] = process.argv.slice(2);
const requests = Number(requestsArg);
const dataDir = mkdtempSync(join(tmpdir(), "resumate-in-process-"));
const config = parseConfig({
  ...process.env,
  NODE_ENV: "production",
  SECRET_KEY: "in-process-bench-secret-key-that-is-long-enough-0123456789",
  LOG_LEVEL: "warn",
  THROTTLE_ENABLED: process.env.THROTTLE_ENABLED ?? "false",
  PGLITE_DIR: dataDir,
});
const logger = createLogger(config.LOG_LEVEL);
const nodeDeps = await import("../../src/entry/node-deps");
const database = await nodeDeps.openNodeDatabase(config, logger);
const { deps } = await nodeDeps.buildNodeDeps(config, logger, database);
await nodeDeps.prepareDatabase(database, config, deps);
const { createApp, loadAllRoutes } = await import("../../src/app");
await loadAllRoutes();
const app = createApp();

/** A socket that counts what is written to it (strings stay strings, as on a real socket). */
class SocketStandIn extends Duplex {
  remoteAddress = "127.0.0.1";
  written = 0;
  constructor() {
    super({ decodeStrings: false });
  }
  override _read() {}
  override _write(chunk: { length: number }, _enc: BufferEncoding, done: () => void) {
    this.written += chunk.length;
    done();
  }
  override _writev(chunks: { chunk: { length: number } }[], done: () => void) {
    for (const { chunk } of chunks) this.written += chunk.length;
    done();
  }
  setTimeout() {
    return this;
  }
}

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

const api: Listener = getRequestListener((req, env: HttpBindings | Http2Bindings) =>
  app.fetch(req, {
    deps,
    socketIp: env.incoming.socket.remoteAddress,
    readBody: incomingBody(env.incoming),
    headers: responseHeaders(env.outgoing),
  }),
);

const socket = new SocketStandIn();

/** One GET through `listener`, resolved when the answer is written. */
function one(listener: Listener, url: string): Promise<void> {
  const req = new IncomingMessage(socket as never);
  req.method = "GET";
  req.url = url;
  req.httpVersion = "1.1";
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.headers = { host: "127.0.0.1:3000", "user-agent": "bench", accept: "*/*" };
  req.rawHeaders = ["Host", "127.0.0.1:3000", "User-Agent", "bench", "Accept", "*/*"];
  req.push(null);
  const res = new BaggedResponse(req);
  res.shouldKeepAlive = true;
  res.assignSocket(socket as never);
  return new Promise((resolve) => {
    res.on("finish", () => {
      res.detachSocket(socket as never);
      resolve();
    });
    listener(req, res);
  });
}

// The API's answer (its first one fills the cache), then the same bytes from a bare app: the
// body, and the headers (the bag's and the answer's own; Node adds the date and connection).
await one(api, path);
const probe = await fetchLike(path);
const bare = new Hono();
bare.get("/static", (c) => c.body(probe.body, 200, { "content-type": "application/json" }));
bare.get(
  "/static-headers",
  () => new Response(probe.body, { status: 200, headers: probe.headers }),
);
const bareListener: Listener = getRequestListener(bare.fetch);

/** The API's answer to `url` as a body and a header object, read through the app itself. */
async function fetchLike(url: string): Promise<{ body: string; headers: Record<string, string> }> {
  const bag = new HeaderBag();
  const answer = await app.fetch(new Request(`http://127.0.0.1:3000${url}`), {
    deps,
    socketIp: "127.0.0.1",
    readBody: async () => new Uint8Array(),
    headers: bag,
  });
  const res = withResponseHeaders(answer, bag);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { body: await res.text(), headers };
}

const sides: [string, Listener, string][] = [
  [`API ${path}`, api, path],
  ["bare Hono /static", bareListener, "/static"],
  ["bare Hono /static-headers", bareListener, "/static-headers"],
];
const results = new Map<string, number[]>();
for (const [, listener, url] of sides) for (let i = 0; i < 20_000; i++) await one(listener, url);
for (let round = 0; round < 5; round++)
  for (const [name, listener, url] of sides) {
    const before = process.cpuUsage();
    for (let i = 0; i < requests; i++) await one(listener, url);
    const used = process.cpuUsage(before);
    const list = results.get(name) ?? [];
    list.push((used.user + used.system) / requests);
    results.set(name, list);
  }
for (const [name, list] of results) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(36)} median ${sorted[2]?.toFixed(2)} µs/request (rounds: ${list.map((v) => v.toFixed(2)).join(", ")})`,
  );
}
await database.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
