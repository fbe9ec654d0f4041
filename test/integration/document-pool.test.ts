import { afterAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/core/errors";
import { inlineDocumentWork } from "../../src/documents/inline";
import { createDocumentPool, type DocumentPool } from "../../src/entry/document-pool";

/**
 * The Node entry's document pool on real worker threads (app tests run the jobs in process):
 * the jobs answer what they answer in process, a job past its budget is a quick 503 with
 * Retry-After while the event loop stays free, and a full queue is a 503 before any waiting.
 */
const pools: DocumentPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

const SPIN = new URL("../helpers/spin-document-worker.ts", import.meta.url);
const spin = { kind: "page", page: { title: "spin", content: "", formats: [] } } as const;
const quick = { kind: "page", page: { title: "quick", content: "", formats: [] } } as const;

function pool(opts: Partial<Parameters<typeof createDocumentPool>[0]> = {}) {
  const p = createDocumentPool({ threads: 1, queueMax: 1, timeoutMs: 10_000, ...opts });
  pools.push(p);
  return p;
}

/** How a rejection looks to a client: the status, body and Retry-After of its ApiError. */
async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return { status: err.status, body: err.body, retryAfter: err.headers["Retry-After"] };
}

const BUSY = {
  status: 503,
  body: { detail: "Service temporarily unavailable, try again later." },
};

/** The longest the event loop took to run a 5 ms timer, sampled while `work` is pending. */
async function longestTimerLag(work: Promise<unknown>): Promise<number> {
  let done = false;
  const finish = () => {
    done = true;
  };
  work.then(finish, finish);
  let worst = 0;
  while (!done) {
    const started = performance.now();
    await new Promise((r) => setTimeout(r, 5));
    worst = Math.max(worst, performance.now() - started - 5);
  }
  return worst;
}

describe("the real jobs on a thread", () => {
  it("answer what they answer in process (file, page, import)", async () => {
    const p = pool();
    const doc = { title: "Ann", content: "# Ann\n\n## Skills\n\n- TypeScript\n\n<b>x</b>" };
    for (const format of ["md", "json"] as const) {
      const job = { kind: "file", doc, format } as const;
      expect(await p.run(job)).toEqual(await inlineDocumentWork.run(job));
    }
    const page = { kind: "page", page: { ...doc, formats: ["md"] } } as const;
    expect(await p.run(page)).toEqual(await inlineDocumentWork.run(page));
    const imported = { kind: "import", doc: { basics: { name: "Ann", label: "Dev" } } } as const;
    expect(await p.run(imported)).toEqual({ title: "Ann (Dev)", content: "# Ann\n\nDev" });
    const pdf = await p.run({ kind: "file", doc, format: "pdf" });
    expect({
      type: pdf.contentType,
      name: pdf.filename,
      bytes: pdf.body instanceof Uint8Array,
    }).toEqual({ type: "application/pdf", name: "Ann.pdf", bytes: true });
    expect(new TextDecoder().decode((pdf.body as Uint8Array).slice(0, 5))).toBe("%PDF-");
  });
});

describe("a server started with a young generation of its own size", () => {
  it("still starts threads: the V8 flag is not passed on to them (a thread refuses it)", async () => {
    process.execArgv.push("--max-semi-space-size=32");
    try {
      const p = pool();
      expect(await p.run(quick)).toContain("<!doctype html>");
    } finally {
      process.execArgv.pop();
    }
  });
});

describe("a job past its budget", () => {
  it("is a 503 with Retry-After at the budget, its thread stopped; the event loop never waits", async () => {
    const p = pool({ module: SPIN, timeoutMs: 1_500 });
    expect(await p.run(quick)).toBe("done page"); // the thread is up
    const started = performance.now();
    const job = p.run(spin);
    const lag = await longestTimerLag(job);
    expect(await refusal(job)).toEqual({ ...BUSY, retryAfter: "2" });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(1_400);
    expect(took).toBeLessThan(5_000);
    // The spinning thread held no timer of ours back: on the event loop, it would have held every
    // one for the whole 1.5 s (a bound with room for a loaded 2-core machine).
    expect(lag).toBeLessThan(500);
    // A new thread takes the next job.
    expect(await p.run(quick)).toBe("done page");
  });
});

describe("a job past its memory bound", () => {
  it("is a 503 with Retry-After, not a 500, and a new thread takes the next job", async () => {
    const p = pool({ module: SPIN, timeoutMs: 20_000 });
    const hog = { kind: "page", page: { title: "hog", content: "", formats: [] } } as const;
    expect(await refusal(p.run(hog))).toEqual({ ...BUSY, retryAfter: "20" });
    expect(await p.run(quick)).toBe("done page");
  }, 30_000);
});

describe("a full queue", () => {
  it("is a 503 at once, before any job ends", async () => {
    const p = pool({ module: SPIN, timeoutMs: 3_000, threads: 1, queueMax: 1 });
    const running = p.run(spin);
    const queued = p.run(quick);
    const started = performance.now();
    expect(await refusal(p.run(quick))).toEqual({ ...BUSY, retryAfter: "3" });
    expect(performance.now() - started).toBeLessThan(1_000);
    // The queued job waited behind the spinning one and shared its budget.
    expect(await refusal(running)).toEqual({ ...BUSY, retryAfter: "3" });
    expect(await refusal(queued)).toEqual({ ...BUSY, retryAfter: "3" });
  });
});
