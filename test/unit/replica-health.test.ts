import { describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../src/core/logger";
import { isReplicaFault, withTimeout } from "../../src/db/replica-failover";
import { EJECT_MAX_MS, LAG_SAMPLE_MS, ReplicaHealth } from "../../src/db/replica-health";

function health(names = ["a", "b"], maxLagMs = 5_000) {
  let now = 1_000_000;
  const logger = createMemoryLogger("debug");
  const h = new ReplicaHealth({ names, maxLagMs, logger, now: () => now });
  const advance = (ms: number) => {
    now += ms;
  };
  return { h, logger, advance };
}

const answer = (lagMs: number) => async () => lagMs;
const refuse = async (): Promise<number> => {
  throw Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
};

describe("ReplicaHealth", () => {
  it("serves no replica before its lag is measured, then rotates over the usable ones", async () => {
    const { h } = health();
    expect([h.pick(), h.counts()]).toEqual([-1, { ok: 0, ejected: 0, lagging: 2 }]);
    await h.probe(0, answer(0));
    await h.probe(1, answer(100));
    expect([h.pick(), h.pick(), h.pick()]).toEqual([0, 1, 0]);
    expect(h.counts()).toEqual({ ok: 2, ejected: 0, lagging: 0 });
  });

  it("ejects on a failure, logs once per incident, backs off, and logs the return", async () => {
    const { h, logger, advance } = health();
    await h.probe(0, answer(0));
    await h.probe(1, answer(0));
    for (let i = 0; i < 50; i++) h.failed(0, "ECONNREFUSED");
    expect([h.pick(), h.pick(), h.counts()]).toEqual([1, 1, { ok: 1, ejected: 1, lagging: 0 }]);
    expect(h.due()).toEqual([]);
    advance(1_000);
    expect(h.due()).toEqual([0]);
    await h.probe(0, refuse); // cooldown doubles: 2 s
    advance(1_999);
    expect(h.due()).toEqual([1]); // only b's lag sample (2 s old)
    advance(1);
    expect(h.due()).toEqual([0, 1]);
    for (let i = 0; i < 10; i++) await h.probe(0, refuse);
    advance(EJECT_MAX_MS - 1);
    expect(h.due()).not.toContain(0); // capped, not growing without bound
    advance(1);
    await h.probe(0, answer(0));
    expect(h.counts()).toEqual({ ok: 2, ejected: 0, lagging: 0 });
    const lines = logger.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(["database replica ejected", "database replica back"]);
    expect(lines[1]).toMatchObject({ replica: "a", failedProbes: 11, reroutedReads: 50 });
  });

  it("skips a lagging replica and pins writers for at least the measured lag", async () => {
    const { h, logger } = health(["a", "b"], 20_000);
    await h.probe(0, answer(9_000));
    await h.probe(1, answer(30_000));
    expect(h.counts()).toEqual({ ok: 1, ejected: 0, lagging: 1 });
    expect([h.pick(), h.pick()]).toEqual([0, 0]);
    // 9 s of lag plus one sampling interval, above the 10 s minimum.
    expect(h.pinSeconds(10)).toBe(Math.ceil((9_000 + LAG_SAMPLE_MS) / 1000));
    await h.probe(0, answer(0));
    expect(h.pinSeconds(10)).toBe(10);
    await h.probe(1, answer(0));
    expect(logger.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([
      "database replica lagging",
      "database replica caught up",
    ]);
  });
});

describe("isReplicaFault", () => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    "ECONNREFUSED",
    "CONNECT_TIMEOUT",
    "CONNECTION_CLOSED",
    "CLIENT_TIMEOUT",
    "57014",
    "57P01",
    "57P03",
    "08006",
    "53300",
    "40001",
  ])("%s is the replica's fault (the primary may answer)", (code) => {
    expect(isReplicaFault(err(code))).toBe(true);
    expect(isReplicaFault(new Error("wrapped", { cause: err(code) }))).toBe(true);
  });

  it.each(["22P02", "23505", "42P01", "42703", "25006"])("%s is the query's fault", (code) => {
    expect(isReplicaFault(err(code))).toBe(false);
  });

  it("an error without a code is not retried", () => {
    expect(isReplicaFault(new TypeError("bad"))).toBe(false);
  });
});

describe("withTimeout", () => {
  const never = new Promise<never>(() => {});
  it("rejects with CLIENT_TIMEOUT (a replica fault) once the bound passes", async () => {
    const err = await withTimeout(never, 5).catch((e: unknown) => e);
    expect([isReplicaFault(err), (err as { code?: string }).code]).toEqual([
      true,
      "CLIENT_TIMEOUT",
    ]);
  });

  it("adds no bound when the statement timeout is off (0)", async () => {
    const slow = new Promise((resolve) => setTimeout(() => resolve("answered"), 20));
    await expect(withTimeout(slow, 0)).resolves.toBe("answered");
  });
});
