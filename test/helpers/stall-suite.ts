import { Buffer } from "node:buffer";
import { appendFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/features/index";
import { uniqueName } from "./deps";
import { baseEnv, targetKind } from "./e2e-target";
import { startFakeGemini } from "./fake-gemini";
import { startFakeOpenAI } from "./fake-openai";
import type { FakeProvider } from "./fake-provider";
import { build, type Json, mostRepeats, SHAPES, type Shape } from "./hostile";
import { serverDatabaseEnv } from "./node-server";
import { textFields } from "./request-fields";
import {
  exampleFor,
  fieldCases,
  hostileBody,
  hostileQuery,
  MAX_BODY_BYTES,
  type Operation,
  operations,
  sessionFor,
} from "./stall-cases";
import { type Probe, probe, StallServer } from "./stall-probe";
import { buildWorld, fillPath, login, PASSWORD, type World } from "./stall-world";

/**
 * One request must never stall the server (issue 21). Against the real Node process (a stall
 * of its event loop is only visible from outside it): the longest value every text field
 * accepts, in each hostile shape, through every operation that takes it, and then stored as a
 * resume, a posting and a letter and sent through every endpoint that renders or parses them.
 * Each answer must come in < 1 s while /health, polled every ~20 ms, answers in < 100 ms.
 * Requests run one at a time, each limited to 5 s; a stalled process is restarted, so one stall
 * fails one case. STALL_REPORT=<file> appends every case's timings there (JSON lines).
 *
 * The cases are dealt into `of` shards (every `of`-th field case, every `of`-th shape of the
 * stored texts), each a test file with a server, a world and a /health poller of its own
 * (test/e2e/stall/): the shards run beside each other, after every other file, so a case
 * still runs alone on its server while the file's wall time is divided.
 */
const doc = openApiDocument();
const ops = operations(doc);
const allCases = fieldCases(textFields(doc), ops, [...SHAPES]);
const REPORT = process.env.STALL_REPORT;

/** A refusal the client can read: a DRF JSON object, or the share page's HTML (its 401 form). */
function readable(p: Probe): boolean {
  if (p.contentType.startsWith("text/html")) return p.text.startsWith("<!doctype html>");
  try {
    const parsed = JSON.parse(p.text) as unknown;
    return typeof parsed === "object" && parsed !== null;
  } catch {
    return false;
  }
}

/** Every renderer once on plain text, so none is loaded (lazily, on first use) mid-measure. */
async function warmUp(url: string, w: World) {
  const auth = { authorization: `Bearer ${w.user.access}` };
  const paths = ["md", "docx", "pdf", "json"].flatMap((f) => [
    `/api/resumes/${w.resumeId}/export/?format=${f}`,
    `/r/${w.token}?format=${f === "json" ? "md" : f}`,
  ]);
  for (const path of [...paths, `/r/${w.token}`, "/api/ai/models/"]) {
    const res = await fetch(`${url}${path}`, {
      headers: auth,
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
  }
}

/** The same answer for every case, so a failure names what was measured. */
function verdict(p: Probe) {
  const refused = p.status >= 400 && p.status < 500;
  const body = !refused || readable(p) ? "ok" : p.text.slice(0, 200);
  return {
    status: p.status >= 200 && p.status < 500 ? "2xx/4xx" : p.status,
    body,
    ms: p.ms < 1000 ? "< 1 s" : Math.round(p.ms),
    health: p.healthMs < 100 ? "< 100 ms" : Math.round(p.healthMs),
  };
}
const FINE = { status: "2xx/4xx", body: "ok", ms: "< 1 s", health: "< 100 ms" };

/** Shard `shard` (0-based) of `of`: declares its describe block in the calling test file. */
export function stallSuite(shard: number, of: number) {
  const cases = allCases.filter((_, i) => i % of === shard);
  const shapes = SHAPES.filter((_, i) => i % of === shard);
  const STAFF = { username: uniqueName("staff"), password: `${PASSWORD}-staff` };
  describe.skipIf(targetKind() !== "node")(
    `one request never stalls the server (${shard + 1}/${of})`,
    () => {
      const db = serverDatabaseEnv();
      let server: StallServer;
      let gemini: FakeProvider;
      let openai: FakeProvider;
      let staff: Awaited<ReturnType<typeof login>>;
      let world: World;

      beforeAll(async () => {
        gemini = await startFakeGemini();
        openai = await startFakeOpenAI();
        server = new StallServer({
          ...db.env,
          ...baseEnv({
            LOG_LEVEL: "error",
            GEMINI_BASE_URL: gemini.url,
            OPENROUTER_BASE_URL: openai.url,
            GEMINI_API_KEY: "stall-gemini-key",
            OPENROUTER_API_KEY: "stall-openrouter-key",
            AI_MAX_RETRIES: "0",
            // Sessions last the whole file (the default 5 minutes would end them mid-run on a stall).
            ACCESS_TOKEN_LIFETIME: "3600",
            // The world's webhook points at a closed loopback port (nothing leaves the machine).
            WEBHOOK_ALLOW_PRIVATE: "true",
            SUPERUSER_USERNAME: STAFF.username,
            SUPERUSER_EMAIL: `${STAFF.username}@example.com`,
            SUPERUSER_PASSWORD: STAFF.password,
          }),
        });
        await server.start();
        staff = await login(server.url, STAFF.username, STAFF.password);
        const plain = { content: "# Ann\n\n- Go", posting: "Go, SQL", letter: "Dear team," };
        world = await buildWorld(server.url, staff, plain);
        server.warmUp = () => warmUp(server.url, world);
        await server.warmUp();
      }, 120_000);

      afterAll(async () => {
        await server?.stop();
        await Promise.all([gemini?.close(), openai?.close()]);
        db.cleanup();
      });

      afterEach(() => {
        gemini.reset();
        openai.reset();
      });

      /**
       * Measures a request; one that misses only a time bound is measured again, at most twice, and
       * the best attempt counts. On a shared 2-core machine a single /health poll can meet a GC pause
       * or another process (seen at 100-180 ms on cheap requests under load); a real stall (the
       * review's took seconds) misses every time. A stalled server is restarted after the attempt.
       */
      async function measure(
        title: string,
        method: string,
        path: string,
        token: string,
        json?: Json,
      ) {
        let best = await measureOnce(title, method, path, token, json);
        for (let i = 0; i < 2 && missesOnlyTime(best); i++) {
          const again = await measureOnce(title, method, path, token, json);
          if (!missesOnlyTime(again) || again.ms + again.healthMs < best.ms + best.healthMs) {
            best = again;
          }
        }
        return best;
      }

      const missesOnlyTime = (p: Probe) => {
        const v = verdict(p);
        return (
          v.status === FINE.status &&
          v.body === FINE.body &&
          (v.ms !== FINE.ms || v.health !== FINE.health)
        );
      };

      async function measureOnce(
        title: string,
        method: string,
        path: string,
        token: string,
        json?: Json,
      ) {
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (json !== undefined) headers["content-type"] = "application/json";
        const body = json === undefined ? undefined : JSON.stringify(json);
        const p = await probe(server.url, (signal) =>
          fetch(`${server.url}${path}`, { method, headers, body, signal }),
        );
        const restarted = p.stalled && (await server.recover());
        if (REPORT) {
          const line = { case: title, status: p.status, ms: Math.round(p.ms), restarted };
          appendFileSync(
            REPORT,
            `${JSON.stringify({ ...line, healthMs: Math.round(p.healthMs) })}\n`,
          );
        }
        return p;
      }

      describe("every text field at its longest, through the operation that takes it", () => {
        // A loop, not it.for: its titles would be cut at 40 characters.
        for (const c of cases) {
          it(c.title, { timeout: 60_000 }, async () => {
            const session = await sessionFor(server.url, c.op, world);
            const token = c.op.access === "staff" ? staff.access : session.access;
            const path = fillPath(c.op.path, c.op.operationId, world);
            expect(path, "every documented path can be reached").toBeDefined();
            const at = path ?? c.op.path;
            const p =
              c.field.where === "query"
                ? await measure(c.title, c.op.method, hostileQuery(c, at), token)
                : await measure(
                    c.title,
                    c.op.method,
                    at,
                    token,
                    hostileBody(c, exampleFor(c.op, c.field.name, world, session)),
                  );
            expect(verdict(p)).toEqual(FINE);
          });
        }
      });

      /** The longest text a resume, a posting or a letter can hold, of one shape. */
      function longestStored(shape: Shape, op: string, field: string): string {
        const max = cases.find((c) => c.op.operationId === op && c.field.name === field)?.field
          .maxLength;
        const k = mostRepeats(
          (n) => Buffer.byteLength(JSON.stringify({ [field]: build(shape, n) })) + 200,
          MAX_BODY_BYTES,
        );
        return build(
          shape,
          max === undefined
            ? k
            : Math.min(
                k,
                mostRepeats((n) => build(shape, n).length, max),
              ),
        );
      }

      /** Operations that read a stored resume, posting or letter: every GET, and these. */
      const PARSERS = new Set(["matchJobApplication", "tailorResume", "writeCoverLetter"]);
      const renderers: { title: string; op: Operation; format?: string }[] = [];
      for (const op of ops.values()) {
        if (op.method !== "GET" && !PARSERS.has(op.operationId)) continue;
        if (["health", "ready", "openapi", "docs", "docsAsset"].includes(op.operationId)) continue;
        renderers.push({ title: `${op.method} ${op.path}`, op });
        for (const format of op.formats)
          renderers.push({ title: `${op.method} ${op.path}?format=${format}`, op, format });
      }

      describe.for(shapes)(
        "a resume, posting and letter of $name, rendered and parsed",
        (shape) => {
          let hostile: World;
          beforeAll(async () => {
            const texts = {
              content: longestStored(shape, "createResume", "content"),
              posting: longestStored(shape, "createJobApplication", "original_job_description"),
              letter: longestStored(shape, "updateCoverLetter", "content"),
            };
            try {
              hostile = await buildWorld(server.url, staff, texts);
            } catch (err) {
              await server.recover();
              throw err;
            }
          }, 120_000);

          for (const r of renderers) {
            it(r.title, { timeout: 60_000 }, async () => {
              const path = fillPath(r.op.path, r.op.operationId, hostile);
              expect(path, "every renderer's path can be reached").toBeDefined();
              const query = r.format ? `?format=${r.format}` : "";
              const token = r.op.access === "staff" ? staff.access : hostile.user.access;
              const json =
                r.op.method === "GET" ? undefined : exampleFor(r.op, "", hostile, hostile.user);
              const title = `${shape.name}: ${r.title}`;
              const p = await measure(title, r.op.method, `${path}${query}`, token, json);
              expect(verdict(p)).toEqual(FINE);
            });
          }
        },
      );
    },
  );
}
