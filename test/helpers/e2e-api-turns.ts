import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiSuite, type ProvidedApiSuite, startApiSuite, waitReady } from "./e2e-api";

declare module "vitest" {
  export interface ProvidedContext {
    /** The turn keeper of test/e2e/api/ (test/e2e/api/setup.ts): its loopback URL. */
    e2eApiTurns: string;
  }
}

/**
 * The e2e files under test/e2e/api/ share one server and one pair of fake providers (their
 * scripts and the server's models cache are shared state), so they take turns; they run in the
 * main project beside every other file, not in a serial group of their own after it.
 *
 * The keeper lives in vitest's main process (a global setup): a file's turn is one HTTP request
 * held open for as long as the file runs. The first turn starts the suite (Node, or wrangler
 * dev with E2E_WORKER=1), so a run without such a file starts nothing; the answer's body is the
 * suite's address. The turn ends when the file closes its request, or when its worker dies (the
 * socket closes), so a crashed file cannot hold the others forever.
 */
export async function startTurnKeeper(): Promise<{ url: string; close(): Promise<void> }> {
  let suite: Promise<ApiSuite> | undefined;
  const start = async () => {
    const s = await startApiSuite();
    try {
      await waitReady(s.target);
    } catch (err) {
      await s.stop();
      throw err;
    }
    return s;
  };
  const waiting: (() => void)[] = [];
  let busy = false;
  const next = () => {
    busy = false;
    const grant = waiting.shift();
    if (grant) grant();
  };

  const server = createServer((req, res) => {
    let granted = false;
    let closed = false;
    const grant = () => {
      if (closed) return next();
      busy = true;
      granted = true;
      suite ??= start();
      suite.then(
        (s) => {
          const provided: ProvidedApiSuite = {
            kind: s.target.kind,
            url: s.target.url,
            geminiUrl: s.gemini.url,
            openaiUrl: s.openai.url,
            staff: s.staff,
          };
          res.writeHead(200, { "content-type": "application/json" });
          res.write(`${JSON.stringify(provided)}\n`);
        },
        (err: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(err instanceof Error ? (err.stack ?? err.message) : String(err));
        },
      );
    };
    res.on("close", () => {
      closed = true;
      if (granted) next();
    });
    req.resume();
    if (busy) waiting.push(grant);
    else grant();
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const started = await suite?.catch(() => undefined);
      await started?.stop();
    },
  };
}

/** A test file's turn: the suite's address, and how to end the turn. */
export function takeTurn(
  keeperUrl: string,
  file: string,
): Promise<{ suite: ProvidedApiSuite; end(): void }> {
  return new Promise((resolve, reject) => {
    const url = new URL("/turn", keeperUrl);
    url.searchParams.set("file", file);
    const req = request(url, { method: "POST", agent: false }, (res) => {
      res.setEncoding("utf8");
      let text = "";
      const onData = (chunk: string) => {
        text += chunk;
        const line = text.indexOf("\n");
        if (res.statusCode === 200 && line >= 0) {
          res.off("data", onData);
          resolve({
            suite: JSON.parse(text.slice(0, line)) as ProvidedApiSuite,
            end: () => req.destroy(),
          });
        }
      };
      res.on("data", onData);
      // Ending the turn destroys the request: the answer's stream then errors, as expected.
      res.on("error", () => {});
      res.on("end", () => reject(new Error(`the e2e suite did not start:\n${text}`)));
    });
    req.on("error", reject);
    req.end();
  });
}
