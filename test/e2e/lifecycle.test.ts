import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers/deps";
import { baseEnv, call, targetKind } from "../helpers/e2e-target";
import { startNodeServer } from "../helpers/node-server";

/** Node-process behaviour: persistence across restarts, graceful SIGTERM, production settings. */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(join(tmpdir(), "resumate-life-"));
  dirs.push(d);
  return d;
}

/** Each test starts one or two real servers on PGlite: room for a loaded machine (no speed claim). */
const SERVER_TEST_TIMEOUT_MS = 120_000;

describe.skipIf(targetKind() !== "node")("node server lifecycle", () => {
  it(
    "keeps data and tokens across a restart on the embedded database",
    async () => {
      // No SECRET_KEY: the generated development key is kept beside the data, so tokens survive too.
      const { SECRET_KEY: _unset, ...withoutKey } = baseEnv();
      const env = { ...withoutKey, PGLITE_DIR: join(tempDir(), "pglite") };
      const username = uniqueName();
      const first = await startNodeServer(env);
      const reg = await call(first, "POST", "/api/auth/register/", {
        json: {
          username,
          email: `${username}@example.com`,
          password: "Blue-Harbor-42x",
          password2: "Blue-Harbor-42x",
        },
      });
      expect(reg.status).toBe(201);
      const tok = await call(first, "POST", "/api/auth/token/", {
        json: { username, password: "Blue-Harbor-42x" },
      });
      const access = (tok.body as { access: string }).access;
      const created = await call(first, "POST", "/api/resumes/", {
        token: access,
        json: { title: "Kept", content: "# Me" },
      });
      expect(created.status).toBe(201);
      expect(await first.stop("SIGTERM")).toBe(0);

      const second = await startNodeServer(env);
      try {
        const list = await call(second, "GET", "/api/resumes/", { token: access });
        expect(list.status).toBe(200);
        expect((list.body as Array<{ title: string }>).map((r) => r.title)).toEqual(["Kept"]);
      } finally {
        await second.stop();
      }
    },
    SERVER_TEST_TIMEOUT_MS,
  );

  it(
    "finishes an in-flight request on SIGTERM, then exits 0",
    async () => {
      const server = await startNodeServer({ ...baseEnv(), PGLITE_DIR: tempDir() });
      const username = uniqueName();
      const body = JSON.stringify({
        username,
        email: `${username}@example.com`,
        password: "Blue-Harbor-42x",
        password2: "Blue-Harbor-42x",
      });
      const exited = new Promise<number | null>((resolve) => server.proc.once("exit", resolve));
      const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          `${server.url}/api/auth/register/`,
          {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              // The server answers 100 once it has read the head: the request is then in
              // flight whatever the machine's load (a fixed pause could SIGTERM an idle socket).
              expect: "100-continue",
            },
          },
          (res) => {
            let text = "";
            res.on("data", (d) => {
              text += String(d);
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", reject);
        // Part of the body once the server has the request; SIGTERM while it is in flight; the
        // rest afterwards.
        req.once("continue", () => {
          req.write(body.slice(0, 10));
          server.proc.kill("SIGTERM");
          setTimeout(() => req.end(body.slice(10)), 300);
        });
        req.flushHeaders();
      });
      const res = await response;
      expect(res.status).toBe(201);
      expect(JSON.parse(res.text)).toMatchObject({ username });
      expect(await exited).toBe(0);
      // No longer accepting connections.
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    },
    SERVER_TEST_TIMEOUT_MS,
  );

  it(
    "writes one access-log line per request at info, with the id the response carries",
    async () => {
      const server = await startNodeServer({
        ...baseEnv(),
        PGLITE_DIR: tempDir(),
        LOG_LEVEL: "info",
      });
      try {
        const kept = await call(server, "GET", "/api/ai/models/", {
          headers: { "X-Request-ID": "trace-42.a" },
        });
        expect(kept.status).toBe(200);
        expect(kept.headers.get("x-request-id")).toBe("trace-42.a");
        const missing = await call(server, "GET", "/api/nothing-here/");
        expect(missing.status).toBe(404);
        const id = missing.headers.get("x-request-id");
        expect(id).toMatch(/^[\w-]{8,}$/);
        await new Promise((r) => setTimeout(r, 50)); // stdout reaches the pipe
        const lines = server
          .output()
          .split("\n")
          .filter((l) => l.includes('"msg":"request"'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines.find((l) => l.requestId === "trace-42.a")).toMatchObject({
          method: "GET",
          path: "/api/ai/models", // the routed path (trailing slash stripped)
          status: 200,
        });
        expect(lines.find((l) => l.requestId === id)).toMatchObject({ status: 404 });
      } finally {
        await server.stop();
      }
    },
    SERVER_TEST_TIMEOUT_MS,
  );

  it("refuses to start in production without a strong SECRET_KEY", async () => {
    const env = {
      ...baseEnv(),
      NODE_ENV: "production",
      SECRET_KEY: "short",
      PGLITE_DIR: tempDir(),
    };
    await expect(startNodeServer(env)).rejects.toThrow(/SECRET_KEY/);
  });
});
