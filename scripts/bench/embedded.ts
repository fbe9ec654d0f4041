/**
 * The embedded default as a newcomer runs it: `npm start` (the README's command) on a new and then
 * an existing PGLITE_DIR, a short mixed load (register, sign in, creates, lists, a PDF and a DOCX
 * export), the server's peak RSS (VmHWM), the time to /ready, and whether SIGTERM to `npm start`
 * leaves any process behind. Issue 26's targets; `npm run bench -- --only embedded`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPLICATION, api, createUser } from "./api-client";
import { freePort, memoryOf, ROOT } from "./processes";
import type { Target } from "./report";

export interface EmbeddedStart {
  readyMs: number;
  peakMb: number;
  leftOver: boolean;
}

/** The node process `npm start` runs (npm execs it, so it is npm's only child). */
function serverPid(npm: ChildProcess): number | undefined {
  try {
    const children = readFileSync(`/proc/${npm.pid}/task/${npm.pid}/children`, "utf8").trim();
    return Number(children.split(" ")[0]) || undefined;
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function mixedLoad(base: string): Promise<void> {
  const user = await createUser(base, "embedded");
  if (!user) throw new Error("register/sign-in failed");
  const content = `# Ann Lee\nBackend engineer · Berlin\n\n## Experience\n${"- Built and ran APIs.\n".repeat(60)}`;
  let resumeId = 0;
  for (let i = 0; i < 20; i++) {
    const r = await api(base, "POST", "/api/resumes/", {
      token: user.access,
      json: { title: `Resume ${i}`, content },
    });
    resumeId = (r.body as { id: number }).id;
    await api(base, "POST", "/api/job-applications/", { token: user.access, json: APPLICATION });
    await api(base, "GET", "/api/job-applications/?limit=20&search=bench", { token: user.access });
    await api(base, "GET", "/api/resumes/", { token: user.access });
  }
  for (const format of ["pdf", "docx"]) {
    const r = await api(base, "GET", `/api/resumes/${resumeId}/export/?format=${format}`, {
      token: user.access,
    });
    if (r.status !== 200) throw new Error(`export ${format}: ${r.status}`);
  }
}

async function waitReady(url: string, npm: ChildProcess, out: () => string): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (npm.exitCode !== null) throw new Error(`npm start exited ${npm.exitCode}\n${out()}`);
    const ok = await fetch(`${url}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`not ready\n${out()}`);
}

/** One `npm start` on `dir`: ready time, peak RSS under the mixed load, clean stop. */
async function startOnce(dir: string): Promise<EmbeddedStart> {
  const port = await freePort();
  const started = performance.now();
  const npm = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", PGLITE_DIR: join(dir, "pglite") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + String(d)).slice(-10_000);
  };
  npm.stdout?.on("data", keep);
  npm.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, npm, () => log);
  const readyMs = performance.now() - started;
  const pid = serverPid(npm);
  await mixedLoad(url);
  const peakMb = (pid && memoryOf(pid)?.peakMb) || Number.NaN;
  const exited = new Promise((r) => npm.once("exit", r));
  npm.kill("SIGTERM");
  await exited;
  await new Promise((r) => setTimeout(r, 500));
  return { readyMs, peakMb, leftOver: pid ? alive(pid) : true };
}

export async function embeddedDefault(): Promise<{ first: EmbeddedStart; restart: EmbeddedStart }> {
  const dir = mkdtempSync(join(tmpdir(), "resumate-embedded-"));
  try {
    const first = await startOnce(dir);
    const restart = await startOnce(dir);
    return { first, restart };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Issue 26's targets for the embedded default. */
export function embeddedTargets(m: { first: EmbeddedStart; restart: EmbeddedStart }): Target[] {
  const mb = (s: EmbeddedStart) => `${s.peakMb.toFixed(0)} MB`;
  return [
    {
      target: "embedded default: peak RSS <= 250 MB, first start + mixed load",
      measured: mb(m.first),
      pass: m.first.peakMb <= 250,
    },
    {
      target: "embedded default: peak RSS <= 250 MB, restart + mixed load",
      measured: mb(m.restart),
      pass: m.restart.peakMb <= 250,
    },
    {
      target: "embedded default: npm start to /ready on a restart <= 1000 ms",
      measured: `${m.restart.readyMs.toFixed(0)} ms (first start ${m.first.readyMs.toFixed(0)} ms)`,
      pass: m.restart.readyMs <= 1000,
    },
    {
      target: "embedded default: no process left after SIGTERM to npm start",
      measured: m.first.leftOver || m.restart.leftOver ? "a process was left" : "none left",
      pass: !m.first.leftOver && !m.restart.leftOver,
    },
  ];
}
