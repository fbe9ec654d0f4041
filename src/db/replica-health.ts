import type { Logger } from "../core/logger";

/** First cooldown of an ejected replica; each failed probe doubles it, up to the cap. */
export const EJECT_BASE_MS = 1_000;
export const EJECT_MAX_MS = 16_000;
/** How often a healthy replica's replay lag is sampled (the sample doubles as its health probe). */
export const LAG_SAMPLE_MS = 2_000;

export interface ReplicaCounts {
  /** Serving reads. */
  ok: number;
  /** Out of rotation after a failure, until a background probe answers. */
  ejected: number;
  /** Further behind the primary than DATABASE_REPLICA_MAX_LAG_MS, or not measured yet. */
  lagging: number;
}

interface ReplicaState {
  name: string;
  /** Set while ejected: when the next probe is due. */
  ejectedUntil: number | null;
  ejectedAt: number;
  /** Consecutive failures (the backoff exponent); 0 once a probe answers. */
  failures: number;
  /** Reads sent to the primary during this incident. */
  rerouted: number;
  /** Incidents since the process started. */
  ejections: number;
  lagMs: number;
  /** When the lag was last measured; -Infinity until the first probe answers. */
  sampledAt: number;
  probing: boolean;
}

/** One replica as metrics see it (names come from the configuration: a bounded label set). */
export interface ReplicaSnapshot {
  name: string;
  state: keyof ReplicaCounts;
  lagMs: number;
  /** Since the process started. */
  ejections: number;
}

export interface ReplicaHealthOptions {
  names: readonly string[];
  maxLagMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * What this process knows of its replicas: which serve reads, which are ejected (and until when),
 * how far behind each is. Pure bookkeeping; the database adapter reports failures and probe
 * results to it. Logs once per incident (ejected, back, lagging, caught up), never per request.
 * On Workers one instance lives per isolate, shared by every request's clients.
 */
export class ReplicaHealth {
  private readonly states: ReplicaState[];
  private readonly now: () => number;
  private next = 0;

  constructor(private readonly opts: ReplicaHealthOptions) {
    this.now = opts.now ?? Date.now;
    this.states = opts.names.map((name) => ({
      name,
      ejectedUntil: null,
      ejectedAt: 0,
      failures: 0,
      rerouted: 0,
      ejections: 0,
      lagMs: 0,
      // Due for a first sample at once; until it answers, reads go to the primary (a replica of
      // unknown lag must not serve stale rows).
      sampledAt: Number.NEGATIVE_INFINITY,
      probing: false,
    }));
  }

  get size(): number {
    return this.states.length;
  }

  usable(i: number): boolean {
    const s = this.states[i];
    return (
      s !== undefined &&
      s.ejectedUntil === null &&
      s.sampledAt > Number.NEGATIVE_INFINITY &&
      s.lagMs <= this.opts.maxLagMs
    );
  }

  /** The next usable replica in rotation, or -1 when none is (reads go to the primary). */
  pick(): number {
    for (let k = 0; k < this.states.length; k++) {
      const i = (this.next + k) % this.states.length;
      if (this.usable(i)) {
        this.next = (i + 1) % this.states.length;
        return i;
      }
    }
    return -1;
  }

  /** A read on replica `i` failed for the replica's sake: eject it (once per incident). */
  failed(i: number, reason: string): void {
    const s = this.states[i];
    if (!s) return;
    s.rerouted++;
    if (s.ejectedUntil === null) this.ejectNow(s, reason);
  }

  /** Replicas whose probe is due: ejected ones past their cooldown, healthy ones to sample lag. */
  due(): number[] {
    const now = this.now();
    return this.states.flatMap((s, i) => {
      if (s.probing) return [];
      const at = s.ejectedUntil ?? s.sampledAt + LAG_SAMPLE_MS;
      return now >= at ? [i] : [];
    });
  }

  /** Runs `probe` for replica `i` (one at a time) and books its answer: a lag in ms, or a throw. */
  async probe(i: number, probe: () => Promise<number>): Promise<void> {
    const s = this.states[i];
    if (!s || s.probing) return;
    s.probing = true;
    try {
      this.answered(s, await probe());
    } catch (err) {
      if (s.ejectedUntil === null) this.ejectNow(s, reasonOf(err));
      else this.eject(s);
    } finally {
      s.probing = false;
    }
  }

  counts(): ReplicaCounts {
    const counts = { ok: 0, ejected: 0, lagging: 0 };
    for (const r of this.snapshot()) counts[r.state]++;
    return counts;
  }

  snapshot(): ReplicaSnapshot[] {
    return this.states.map((s, i) => ({
      name: s.name,
      state: s.ejectedUntil !== null ? "ejected" : this.usable(i) ? "ok" : "lagging",
      lagMs: s.lagMs,
      ejections: s.ejections,
    }));
  }

  /**
   * How long a writer's reads stay on the primary: at least `minSeconds`, and at least the lag of
   * any replica still serving reads (plus one sampling interval, as the lag is that old at worst).
   */
  pinSeconds(minSeconds: number): number {
    let lag = 0;
    this.states.forEach((s, i) => {
      if (this.usable(i)) lag = Math.max(lag, s.lagMs);
    });
    if (lag === 0) return minSeconds;
    return Math.max(minSeconds, Math.ceil((lag + LAG_SAMPLE_MS) / 1000));
  }

  private answered(s: ReplicaState, lagMs: number): void {
    const now = this.now();
    if (s.ejectedUntil !== null) {
      this.opts.logger.info("database replica back", {
        replica: s.name,
        downMs: now - s.ejectedAt,
        failedProbes: s.failures - 1,
        reroutedReads: s.rerouted,
      });
    }
    const wasLagging = s.sampledAt > Number.NEGATIVE_INFINITY && s.lagMs > this.opts.maxLagMs;
    const lagging = lagMs > this.opts.maxLagMs;
    if (lagging !== wasLagging) {
      const msg = lagging ? "database replica lagging" : "database replica caught up";
      this.opts.logger[lagging ? "warn" : "info"](msg, {
        replica: s.name,
        lagMs: Math.round(lagMs),
        maxLagMs: this.opts.maxLagMs,
      });
    }
    Object.assign(s, { ejectedUntil: null, failures: 0, rerouted: 0, lagMs, sampledAt: now });
  }

  private ejectNow(s: ReplicaState, reason: string): void {
    this.eject(s);
    s.ejections++;
    this.opts.logger.warn("database replica ejected", {
      replica: s.name,
      reason,
      cooldownMs: this.cooldown(s),
    });
  }

  private eject(s: ReplicaState): void {
    const now = this.now();
    if (s.ejectedUntil === null) {
      s.ejectedAt = now;
    }
    s.failures++;
    s.ejectedUntil = now + this.cooldown(s);
  }

  private cooldown(s: ReplicaState): number {
    return Math.min(EJECT_MAX_MS, EJECT_BASE_MS * 2 ** Math.max(0, s.failures - 1));
  }
}

/** A short, secret-free name for a failure: the driver's code, else the error's name. */
export function reasonOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return err instanceof Error ? err.name : "unknown";
}
