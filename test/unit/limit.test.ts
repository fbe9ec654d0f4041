import { describe, expect, it } from "vitest";
import { createLimiter } from "../../src/core/limit";
import { hashPassword, verifyPassword } from "../../src/core/passwords";

describe("createLimiter", () => {
  it("runs at most `max` jobs at once, in arrival order, and frees slots on failure", async () => {
    const run = createLimiter(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: Array<() => void> = [];
    const job = (i: number) => () =>
      new Promise<number>((resolve, reject) => {
        active++;
        peak = Math.max(peak, active);
        started.push(i);
        gates.push(() => {
          active--;
          if (i === 1) reject(new Error("boom"));
          else resolve(i);
        });
      });
    const results = [0, 1, 2, 3, 4].map((i) => run(job(i)).catch((e: Error) => e.message));
    for (let round = 0; round < 5; round++) {
      await new Promise((r) => setTimeout(r, 0));
      gates.shift()?.();
    }
    expect(await Promise.all(results)).toEqual([0, "boom", 2, 3, 4]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("is used by the hasher for every derivation", async () => {
    const calls: string[] = [];
    const limit = createLimiter(1);
    const hasher = {
      iterations: 1000,
      webCryptoMaxIterations: Number.POSITIVE_INFINITY,
      run: <T>(job: () => Promise<T>) => {
        calls.push("run");
        return limit(job);
      },
    };
    const encoded = await hashPassword(hasher, "correct horse");
    expect(await verifyPassword(hasher, "correct horse", encoded)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect(calls).toEqual(["run", "run"]);
  });
});
