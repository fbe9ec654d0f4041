/**
 * Virtual users for `npm run load`, run as their own process (forked by scripts/load/run.ts).
 * Like a Locust user: a role, a start-up task, then weighted tasks with a think time between
 * them. Every loop is bounded in iterations and in time; only 127.0.0.1 is ever called.
 */
import { APPLICATION, GENERATE, PASSWORD } from "../bench/api-client";
import { mix, pickRole, pickTask, type Role, thinkMs } from "./mix";

export interface VuJob {
  url: string;
  users: number;
  durationS: number;
  rampS: number;
  /** Accounts created by the runner; members and generators sign in with one of them. */
  accounts: string[];
}

export interface VuReport {
  /** Latencies (ms) per endpoint name. */
  latencies: Record<string, number[]>;
  errors: Record<string, number>;
  errorSamples: string[];
}

const MAX_SAMPLES = 200_000;
const REQUEST_TIMEOUT_MS = 60_000;

function recorder() {
  const report: VuReport = { latencies: {}, errors: {}, errorSamples: [] };
  let samples = 0;
  return {
    report,
    ok(name: string, ms: number) {
      if (samples++ >= MAX_SAMPLES) return;
      report.latencies[name] ??= [];
      report.latencies[name].push(ms);
    },
    fail(name: string, why: string) {
      report.errors[name] = (report.errors[name] ?? 0) + 1;
      if (report.errorSamples.length < 10) report.errorSamples.push(`${name}: ${why}`);
    },
  };
}

type Rec = ReturnType<typeof recorder>;

interface Call {
  name: string;
  method: string;
  path: string;
  json?: unknown;
  token?: string;
  expect: number;
}

async function call(base: string, rec: Rec, c: Call): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (c.json !== undefined) headers["content-type"] = "application/json";
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  const started = performance.now();
  try {
    const res = await fetch(`${base}${c.path}`, {
      method: c.method,
      headers,
      body: c.json === undefined ? undefined : JSON.stringify(c.json),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status !== c.expect) {
      rec.fail(c.name, `status ${res.status} ${text.slice(0, 120)}`);
      return null;
    }
    rec.ok(c.name, performance.now() - started);
    return text ? JSON.parse(text) : null;
  } catch (err) {
    rec.fail(c.name, (err as Error).message);
    return null;
  }
}

let registered = 0;

/** The request a task name stands for. */
function taskCall(task: string, token: string | undefined): Call {
  switch (task) {
    case "register": {
      const username = `load_${process.pid}_${Date.now().toString(36)}_${registered++}`;
      const json = {
        username,
        email: `${username}@load.example`,
        password: PASSWORD,
        password2: PASSWORD,
      };
      return {
        name: "POST /api/auth/register/",
        method: "POST",
        path: "/api/auth/register/",
        json,
        expect: 201,
      };
    }
    case "list":
      return {
        name: "GET /api/job-applications/",
        method: "GET",
        path: "/api/job-applications/",
        token,
        expect: 200,
      };
    case "create":
      return {
        name: "POST /api/job-applications/",
        method: "POST",
        path: "/api/job-applications/",
        json: APPLICATION,
        token,
        expect: 201,
      };
    case "generate":
      return {
        name: "POST /api/ai/generate/",
        method: "POST",
        path: "/api/ai/generate/",
        json: GENERATE,
        token,
        expect: 201,
      };
    case "examples":
      return {
        name: "GET /api/example-job-applications/",
        method: "GET",
        path: "/api/example-job-applications/",
        expect: 200,
      };
    default:
      return { name: "GET /api/ai/models/", method: "GET", path: "/api/ai/models/", expect: 200 };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function signIn(job: VuJob, rec: Rec, index: number): Promise<string | undefined> {
  const username = job.accounts[index % Math.max(1, job.accounts.length)];
  if (!username) return undefined;
  const body = await call(job.url, rec, {
    name: "POST /api/auth/token/",
    method: "POST",
    path: "/api/auth/token/",
    json: { username, password: PASSWORD },
    expect: 200,
  });
  const access = (body as { access?: unknown } | null)?.access;
  return typeof access === "string" ? access : undefined;
}

async function user(job: VuJob, rec: Rec, index: number, role: Role, endAt: number) {
  await sleep((job.rampS * 1000 * index) / job.users);
  const token = role === "visitor" ? undefined : await signIn(job, rec, index);
  if (role !== "visitor" && !token) return;
  for (let i = 0; i < 10_000 && performance.now() < endAt; i++) {
    await call(job.url, rec, taskCall(pickTask(mix[role]), token));
    await sleep(thinkMs());
  }
}

async function run(job: VuJob): Promise<VuReport> {
  const rec = recorder();
  const endAt = performance.now() + job.durationS * 1000;
  const users = Array.from({ length: job.users }, (_, i) =>
    user(job, rec, i, pickRole(i, job.users), endAt),
  );
  await Promise.all(users);
  return rec.report;
}

process.on("message", (job: VuJob) => {
  if (!new URL(job.url).hostname.startsWith("127.")) throw new Error("load targets 127.0.0.1 only");
  run(job).then(
    (report) => process.send?.(report),
    (err: Error) => process.send?.({ error: err.message }),
  );
});
process.on("disconnect", () => process.exit(0));
