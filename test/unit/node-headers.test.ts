import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headerBlock, type ResponseHeaders } from "../../src/core/response-headers";
import { BaggedResponse, responseHeaders } from "../../src/entry/node-headers";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = () => {};
const server = createServer({ ServerResponse: BaggedResponse }, (req, res) => handler(req, res));
let url = "";

beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

/** The head as it went on the wire (one request on a connection of its own), Date left out. */
async function rawHead(path = "/"): Promise<string[]> {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, "127.0.0.1");
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  let text = "";
  for await (const chunk of socket) {
    text += String(chunk);
    if (text.includes("\r\n\r\n")) break;
  }
  socket.destroy();
  return text
    .slice(0, text.indexOf("\r\n\r\n"))
    .split("\r\n")
    .filter((line) => !line.startsWith("Date: "));
}

const BLOCK = headerBlock({ "X-One": "1", "X-Two": "2" });
const BAD_BLOCK = headerBlock({ "X-Bad": "a\rb" });

describe("the header bag written with the head (Node)", () => {
  it("adds the bag's headers to the answer's; the answer's win on a clash, in any case", async () => {
    handler = (_req, res) => {
      const bag = responseHeaders(res);
      bag.set("X-Request-ID", "abc");
      bag.set("Vary", "Origin");
      bag.set("X-Cache-Status", "HIT");
      expect(bag.get("x-request-id")).toBe("abc");
      res.writeHead(200, { "content-type": "application/json", "x-cache-status": "MISS" });
      res.end("{}");
    };
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("abc");
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("x-cache-status")).toBe("MISS");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe("{}");
  });

  it("also without writeHead (an implicit head), with a reason phrase, and with a raw list", async () => {
    const cases: Handler[] = [
      (_req, res) => {
        responseHeaders(res).set("X-A", "1");
        res.statusCode = 201;
        res.end("x");
      },
      (_req, res) => {
        responseHeaders(res).set("X-A", "1");
        res.writeHead(202, "Fine", { "X-B": "2" });
        res.end("x");
      },
      (_req, res) => {
        responseHeaders(res).set("X-A", "1");
        res.writeHead(203, ["X-B", "2", "x-a", "own"]);
        res.end("x");
      },
    ];
    const seen: Array<[number, string | null, string | null]> = [];
    for (const h of cases) {
      handler = h;
      const res = await fetch(url);
      await res.text();
      seen.push([res.status, res.headers.get("x-a"), res.headers.get("x-b")]);
    }
    expect(seen).toEqual([
      [201, "1", null],
      [202, "1", "2"],
      [203, "own", "2"],
    ]);
  });

  it("writes the answer's numbers and lists as Node does (Content-Length, Set-Cookie)", async () => {
    handler = (_req, res) => {
      responseHeaders(res).set("X-A", "1");
      res.writeHead(200, { "Content-Length": 2, "Set-Cookie": ["a=1", "b=2"] });
      res.end("{}");
    };
    const res = await fetch(url);
    expect(res.headers.get("content-length")).toBe("2");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect([res.headers.get("x-a"), await res.text()]).toEqual(["1", "{}"]);
  });

  it.each([
    ["a single header", (bag: ResponseHeaders) => bag.set("X-Bad", "a\nb")],
    ["a block, on its first use", (bag: ResponseHeaders) => bag.setAll(BAD_BLOCK)],
    ["the same block again", (bag: ResponseHeaders) => bag.setAll(BAD_BLOCK)],
  ])(
    "refuses a value Node would refuse in %s (every name and value is checked)",
    async (_, fill) => {
      handler = (_req, res) => {
        fill(responseHeaders(res));
        try {
          res.writeHead(200);
          res.end("written");
        } catch (err) {
          res.writeHead(500);
          res.end((err as Error & { code?: string }).code ?? "error");
        }
      };
      const res = await fetch(url);
      expect([res.status, await res.text()]).toEqual([500, "ERR_INVALID_CHAR"]);
    },
  );

  it("writes the bag's blocks and headers first, in order, then the answer's", async () => {
    handler = (_req, res) => {
      const bag = responseHeaders(res);
      bag.set("X-Request-ID", "abc");
      bag.setAll(BLOCK);
      bag.set("X-Last", "z");
      res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": 1 });
      res.end("x");
    };
    expect(await rawHead()).toEqual([
      "HTTP/1.1 200 OK",
      "X-Request-ID: abc",
      "X-One: 1",
      "X-Two: 2",
      "X-Last: z",
      "Content-Type: text/plain",
      "Content-Length: 1",
      "Connection: keep-alive",
      "Keep-Alive: timeout=5",
    ]);
  });

  it("leaves out a block's header the answer sets itself, keeping the block's others", async () => {
    handler = (_req, res) => {
      responseHeaders(res).setAll(BLOCK);
      res.writeHead(200, { "x-two": "own", "Content-Length": 1 });
      res.end("x");
    };
    const head = await rawHead();
    expect(head.filter((l) => /^x-(one|two)/i.test(l))).toEqual(["X-One: 1", "x-two: own"]);
  });

  it("hands Node the headers it acts on (Connection) rather than writing them ahead", async () => {
    handler = (_req, res) => {
      responseHeaders(res).set("Connection", "close");
      res.writeHead(200, { "Content-Length": 1 });
      res.end("x");
    };
    const head = await rawHead();
    // Node saw it: no keep-alive line of its own beside the bag's close.
    expect(head.filter((l) => /^(connection|keep-alive):/i.test(l))).toEqual(["Connection: close"]);
  });
});
