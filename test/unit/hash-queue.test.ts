import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../src/core/errors";
import { createHashQueue } from "../../src/core/limit";
import { hashPassword, verifyPassword } from "../../src/core/passwords";

/** A job that runs until its gate is opened; `started` records the order jobs got a slot in. */
function gated(started: string[]) {
  const gates = new Map<string, () => void>();
  const job = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      gates.set(name, () => resolve(name));
    });
  const open = async (name: string) => {
    gates.get(name)?.();
    // Let the queue hand the slot over before the test looks.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { job, open };
}

const BUSY = { detail: "Service temporarily unavailable, try again later." };

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  const api = err as ApiError;
  return { status: api.status, body: api.body, headers: api.headers };
}

describe("createHashQueue", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sign-ins go ahead of every other queued hash; others keep their arrival order", async () => {
    const run = createHashQueue({ slots: 1, maxWaitMs: 10_000 });
    const started: string[] = [];
    const { job, open } = gated(started);
    const all = [
      run(job("first"), "other"),
      run(job("register"), "other"),
      run(job("share"), "other"),
      run(job("login"), "sign-in"),
    ];
    expect(started).toEqual(["first"]);
    for (const name of ["first", "login", "register", "share"]) await open(name);
    expect(await Promise.all(all)).toEqual(["first", "register", "share", "login"]);
    expect(started).toEqual(["first", "login", "register", "share"]);
  });

  it("never runs more than `slots` jobs, also when a slot is handed over and a job arrives at once", async () => {
    const run = createHashQueue({ slots: 2, maxWaitMs: 10_000 });
    let active = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const job = () =>
      new Promise<void>((resolve) => {
        active++;
        peak = Math.max(peak, active);
        gates.push(() => {
          active--;
          resolve();
        });
      });
    const all = [run(job, "other"), run(job, "other"), run(job, "other")];
    gates.shift()?.();
    all.push(run(job, "sign-in"));
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
      gates.shift()?.();
    }
    await vi.runAllTimersAsync();
    while (gates.length > 0) gates.shift()?.();
    await Promise.all(all);
    expect(peak).toBe(2);
  });

  it("refuses at once with a 503 and Retry-After when the expected wait passes the bound", async () => {
    const run = createHashQueue({ slots: 1, maxWaitMs: 1000 });
    // One job of 250 ms teaches the queue what a hash costs.
    const warm = run(() => vi.advanceTimersByTimeAsync(250), "other");
    await warm;
    const started: string[] = [];
    const { job, open } = gated(started);
    const holder = run(job("holder"), "other");
    // 250, 500, 750 and 1000 ms of expected wait are admitted; the fifth (1250 ms) is not.
    const queued = [1, 2, 3, 4].map((i) => run(job(`q${i}`), "other"));
    const refused = await refusal(run(job("q5"), "other"));
    expect(refused).toEqual({ status: 503, body: BUSY, headers: { "Retry-After": "1" } });
    // A sign-in only counts the sign-ins ahead of it: admitted, and next.
    const login = run(job("login"), "sign-in");
    await open("holder");
    expect(started).toEqual(["holder", "login"]);
    for (const name of ["login", "q1", "q2", "q3", "q4"]) await open(name);
    await Promise.all([holder, login, ...queued]);
    expect(started).toEqual(["holder", "login", "q1", "q2", "q3", "q4"]);
  });

  it("a job pushed back by sign-ins is refused after twice the bound, never left waiting", async () => {
    const run = createHashQueue({ slots: 1, maxWaitMs: 1000 });
    const started: string[] = [];
    const { job, open } = gated(started);
    const holder = run(job("holder"), "other");
    const starved = run(job("register"), "other");
    const login = run(job("login1"), "sign-in");
    await vi.advanceTimersByTimeAsync(1500);
    await open("holder");
    await vi.advanceTimersByTimeAsync(499);
    expect(started).toEqual(["holder", "login1"]);
    const outcome = refusal(starved);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toEqual({ status: 503, body: BUSY, headers: { "Retry-After": "1" } });
    await open("login1");
    await Promise.all([holder, login]);
    expect(started).toEqual(["holder", "login1"]);
  });

  it("frees the slot when a job fails", async () => {
    const run = createHashQueue({ slots: 1, maxWaitMs: 1000 });
    const failing = run(() => Promise.reject(new Error("boom")), "other");
    await expect(failing).rejects.toThrow("boom");
    expect(await run(async () => "next", "sign-in")).toBe("next");
  });
});

describe("the hasher's priority", () => {
  it("sign-in checks ask for the sign-in lane, everything else for the other one", async () => {
    const lanes: string[] = [];
    const hasher = {
      iterations: 1000,
      webCryptoMaxIterations: Number.POSITIVE_INFINITY,
      run: <T>(job: () => Promise<T>, priority: string) => {
        lanes.push(priority);
        return job();
      },
    };
    const encoded = await hashPassword(hasher, "correct horse");
    expect(await verifyPassword(hasher, "correct horse", encoded, "sign-in")).toEqual({
      ok: true,
      needsRehash: false,
    });
    await verifyPassword(hasher, "correct horse", encoded);
    expect(lanes).toEqual(["other", "sign-in", "other"]);
  });
});
