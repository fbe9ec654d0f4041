import postgres from "postgres";
import type { Logger } from "../core/logger";
import type { NotificationListener, Notifications } from "./client";
import { withTimeout } from "./replica-failover";

/** What a listening connection reports to `createListener`. */
export interface ListenerHooks {
  notify(channel: string, payload: string): void;
  /** The connection closed (the server went away, the network dropped it). */
  closed(): void;
}

export interface ListenerSettings {
  /** How often the connection is asked `select 1`: a silent drop (no RST) is noticed within this plus `timeoutMs`. */
  heartbeatMs: number;
  /** How long LISTEN or a heartbeat may take before the connection counts as lost. */
  timeoutMs: number;
  /** Where the connection's losses and returns are logged (once each). */
  logger: Logger;
}

export interface ListenerOptions extends ListenerSettings {
  /** A client of one connection that reports its notifications and its close to `hooks`. */
  open(hooks: ListenerHooks): postgres.Sql;
}

/** Retries of a lost connection: 100 ms, doubling, at most every 5 s. */
const retryDelay = (failures: number) => Math.min(100 * 2 ** failures, 5_000);

interface Session {
  client: postgres.Sql;
  live: boolean;
  /** Channels LISTEN was confirmed for on this connection. */
  channels: Set<string>;
  beating: boolean;
}

/** Keeps Node's timers from holding the process open (the client's close clears them anyway). */
function unref(timer: ReturnType<typeof setTimeout>) {
  if (typeof timer === "object") timer.unref?.();
  return timer;
}

/**
 * One connection that LISTENs on every subscribed channel, opened on the first `listen`. postgres.js'
 * own `sql.listen` re-LISTENs after a reconnect but says nothing while the connection is down, when
 * notifications are lost; here each listener hears `live(false)` as soon as the connection closes
 * or misses a heartbeat, and `live(true)` only once LISTEN is confirmed on a new one.
 */
export function createListener(opts: ListenerOptions): Notifications & { close(): Promise<void> } {
  const channels = new Map<string, Set<NotificationListener>>();
  let current: Session | undefined;
  let stopped = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  function lost(session: Session, reason: string) {
    if (current !== session) return;
    current = undefined;
    clearInterval(heartbeat);
    if (session.live) {
      opts.logger.warn("database notifications lost until LISTEN is confirmed again", {
        reason,
      });
      for (const set of channels.values()) for (const l of set) l.live(false);
    }
    session.client.end({ timeout: 0 }).catch(() => {});
    if (!stopped) retry = unref(setTimeout(start, retryDelay(failures++)));
  }

  /** LISTENs on every channel not yet confirmed here (a `listen` may add one meanwhile). */
  async function subscribe(session: Session) {
    for (;;) {
      const todo = [...channels.keys()].filter((ch) => !session.channels.has(ch));
      if (todo.length === 0) return;
      for (const ch of todo) {
        await withTimeout(session.client`listen ${session.client(ch)}`, opts.timeoutMs);
        if (current !== session) return;
        session.channels.add(ch);
        if (session.live) for (const l of channels.get(ch) ?? []) l.live(true);
      }
    }
  }

  async function start() {
    retry = undefined;
    if (stopped || current) return;
    const session: Session = {
      client: opts.open({
        notify: (ch, payload) => {
          if (current === session) for (const l of channels.get(ch) ?? []) l.notify(payload);
        },
        closed: () => lost(session, "closed"),
      }),
      live: false,
      channels: new Set(),
      beating: false,
    };
    current = session;
    try {
      await subscribe(session);
    } catch (err) {
      lost(session, err instanceof Error ? err.name : "listen failed");
      return;
    }
    if (current !== session) return;
    session.live = true;
    if (failures > 0) opts.logger.info("database notifications back", { after: failures });
    failures = 0;
    heartbeat = unref(setInterval(() => beat(session), opts.heartbeatMs));
    for (const ch of session.channels) for (const l of channels.get(ch) ?? []) l.live(true);
    // A channel subscribed to since the loop above ended is LISTENed on now.
    subscribe(session).catch(() => lost(session, "listen failed"));
  }

  function beat(session: Session) {
    if (session.beating) return;
    session.beating = true;
    withTimeout(session.client`select 1`, opts.timeoutMs).then(
      () => {
        session.beating = false;
      },
      () => lost(session, "heartbeat"),
    );
  }

  return {
    listen(channel, listener) {
      const set = channels.get(channel) ?? new Set();
      set.add(listener);
      channels.set(channel, set);
      const session = current;
      if (!session) {
        if (!retry) void start();
      } else if (session.live && session.channels.has(channel)) {
        listener.live(true);
      } else if (session.live) {
        subscribe(session).catch(() => lost(session, "listen failed"));
      }
    },
    async close() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const session = current;
      current = undefined;
      await session?.client.end({ timeout: 0 });
    },
  };
}

type ClientOptions = postgres.Options<Record<string, postgres.PostgresType>>;

/**
 * The notifications of the database at `url`, over a connection of their own (the pool's
 * settings, without idle or lifetime limit). postgres.js hands NotificationResponse messages to
 * `onnotify` (its own `sql.listen` is built on it), an option its types do not declare.
 */
export function createPostgresListener(url: string, base: ClientOptions, opts: ListenerSettings) {
  return createListener({
    ...opts,
    open: (hooks) => {
      const options: ClientOptions & { onnotify: ListenerHooks["notify"] } = {
        ...base,
        max: 1,
        prepare: false,
        fetch_types: false,
        idle_timeout: undefined,
        max_lifetime: null,
        connection: { application_name: "resumate listen" },
        onnotify: hooks.notify,
        onclose: hooks.closed,
      };
      return postgres(url, options);
    },
  });
}
