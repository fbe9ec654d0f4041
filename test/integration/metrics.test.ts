import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers/deps";
import {
  freePort,
  type RunningServer,
  serverDatabaseEnv,
  startNodeServer,
} from "../helpers/node-server";

/**
 * GET /metrics on the real Node server: guarded by METRICS_TOKEN, open on METRICS_PORT, the
 * series move with traffic, and labels stay bounded (1,000 distinct ids and paths add no series).
 */
const TOKEN = `metrics_${crypto.randomUUID()}`;
let server: RunningServer;
let metricsPort: number;
let db: ReturnType<typeof serverDatabaseEnv>;

beforeAll(async () => {
  db = serverDatabaseEnv();
  metricsPort = await freePort();
  server = await startNodeServer({
    ...db.env,
    NODE_ENV: "development",
    SECRET_KEY: "metrics-test-secret-key-long-enough-for-hs256-0000",
    PASSWORD_HASH_ITERATIONS: "2000",
    LOG_LEVEL: "warn",
    THROTTLE_ENABLED: "true",
    THROTTLE_LOGIN: "2/min",
    THROTTLE_ANON: "100000/min",
    METRICS_TOKEN: TOKEN,
    METRICS_PORT: String(metricsPort),
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

const scrape = async (token = TOKEN) => {
  const res = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, text: await res.text() };
};

/** The value of one series, e.g. `name{a="b"}`; 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /metrics (Prometheus)", () => {
  it("needs the bearer METRICS_TOKEN on the API's port, none on METRICS_PORT", async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ detail: "Authentication credentials were not provided." });
    expect((await scrape("wrong")).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("# TYPE resumate_http_request_duration_seconds histogram");
    expect(ok.text).toContain("resumate_process_cpu_seconds_total");
    const internal = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(internal.status).toBe(200);
    expect(await internal.text()).toContain("resumate_http_requests_in_flight");
  });

  it("counts requests by route template and status, cache hits and misses, throttle rejections", async () => {
    const before = (await scrape()).text;
    const examples = `${server.url}/api/example-job-applications/`;
    await fetch(examples);
    await fetch(examples);
    const username = uniqueName();
    for (let i = 0; i < 3; i++) {
      await fetch(`${server.url}/api/auth/token/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "wrong-password" }),
      });
    }
    const after = (await scrape()).text;
    const delta = (series: string) => value(after, series) - value(before, series);
    const route = 'method="GET",route="/api/example-job-applications",status="200"';
    expect(delta(`resumate_http_request_duration_seconds_count{${route}}`)).toBe(2);
    expect(
      delta('resumate_cache_requests_total{cache="examples",result="hit"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta('resumate_cache_requests_total{cache="examples",result="hit"}') +
        delta('resumate_cache_requests_total{cache="examples",result="miss"}'),
    ).toBe(2);
    expect(delta('resumate_throttle_rejections_total{scope="login_username"}')).toBe(1);
  });

  it("keeps labels bounded: 1,000 distinct ids and paths add no series", async () => {
    const series = (text: string) =>
      text.split("\n").filter((l) => l.startsWith("resumate_http_request_duration_seconds_count"))
        .length;
    const before = series((await scrape()).text);
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          Promise.all([
            fetch(`${server.url}/api/example-job-applications/${900_000 + i + j}/`),
            fetch(`${server.url}/api/no-such-thing-${i + j}/`),
          ]),
        ),
      );
    }
    const text = (await scrape()).text;
    // At most the two new templates (the detail's 404 and the unmatched path's 404).
    expect(series(text) - before).toBeLessThanOrEqual(2);
    expect(text).toContain('route="/api/example-job-applications/:id",status="404"');
    expect(text).toContain('route="unmatched",status="404"');
    // No label value carries an id or a raw path (values, e.g. 0.1807880290000024, may hold digits).
    expect(text).not.toMatch(/="[^"]*(900\d{3}|no-such-thing)[^"]*"/);
  });
});
