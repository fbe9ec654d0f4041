import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseEnv, targetKind } from "../helpers/e2e-target";
import { type RunningServer, serverDatabaseEnv, startNodeServer } from "../helpers/node-server";

/**
 * The Node server's own HTTP limits, over raw sockets: a client that sends its headers or body
 * too slowly gets a 408 after REQUEST_TIMEOUT_MS (Node's defaults held it 66 s and 5 minutes).
 */
interface Exchange {
  text: string;
  ms: number;
}

/** Writes `chunks` (a string, or parts sent `gapMs` apart) and collects the reply until close. */
function exchange(port: number, chunks: string[], gapMs = 0, maxMs = 20_000): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, ms: Date.now() - started });
    }, maxMs);
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      text += d;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ text, ms: Date.now() - started });
    });
    socket.on("connect", async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        if (socket.destroyed) return;
        socket.write(chunk);
      }
    });
  });
}

const body = (text: string) => JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)) as unknown;

describe.skipIf(targetKind() !== "node")("node server: HTTP limits", () => {
  // PostgreSQL when the suite has one (a server starts far faster on it than on PGlite).
  const db = serverDatabaseEnv();
  let server: RunningServer;
  beforeAll(async () => {
    server = await startNodeServer({ ...baseEnv(), ...db.env, REQUEST_TIMEOUT_MS: "1500" });
  });
  afterAll(async () => {
    await server?.stop();
    db.cleanup();
  });

  it("answers 408 with a DRF body to a body that stops arriving", async () => {
    const head =
      "POST /api/auth/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
      "Content-Length: 100\r\n\r\n";
    const got = await exchange(server.port, [head, '{"username":'], 100);
    expect(got.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(got.text).toMatch(/\r\ncontent-type: application\/json\r\n/i);
    expect(body(got.text)).toEqual({ detail: "Request timed out." });
    // Well before Node's 5 minutes (generous: the test machine may be busy).
    expect(got.ms).toBeGreaterThanOrEqual(1400);
    expect(got.ms).toBeLessThan(15_000);
    // The request the app was reading ended with the socket: no 500, no error logged.
    await new Promise((r) => setTimeout(r, 200));
    expect(server.output()).not.toMatch(/"level":"error"/);
  });

  it("answers 408 to headers that stop arriving", async () => {
    const got = await exchange(server.port, ["GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"]);
    expect(got.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(body(got.text)).toEqual({ detail: "Request timed out." });
    expect(got.ms).toBeLessThan(15_000);
  });

  it("answers oversized headers (a 33 kB search) with 431 and a DRF body", async () => {
    const q = Array.from({ length: 5000 }, (_, i) => `t${i}`).join("+");
    const got = await exchange(server.port, [
      `GET /api/job-applications/?search=${q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    ]);
    expect(got.text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(body(got.text)).toEqual({ detail: "Request headers too large." });
  });

  it("still serves ordinary requests, and never writes back a Host it does not allow", async () => {
    const got = await exchange(server.port, [
      "GET /api/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    ]);
    expect(got.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(got.text).not.toContain("evil.example");
    expect(body(got.text)).toMatchObject({ resumes: "/api/resumes/" });
  });
});
