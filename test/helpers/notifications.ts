import type { NotificationListener } from "../../src/db/client";

/** An event a `Notifications` listener heard: "up", "down", or "notify:<payload>". */
export type FeedEvent = "up" | "down" | `notify:${string}`;

/**
 * A listener that records what it hears, so a test waits for an event (a notification's arrival,
 * the connection's loss or return) instead of sleeping.
 */
export function feedRecorder() {
  const events: FeedEvent[] = [];
  const waiting = new Set<{ event: FeedEvent; from: number; resolve: () => void }>();
  const push = (event: FeedEvent) => {
    events.push(event);
    for (const w of waiting) {
      if (events.indexOf(w.event, w.from) >= 0) {
        waiting.delete(w);
        w.resolve();
      }
    }
  };
  const listener: NotificationListener = {
    notify: (payload) => push(`notify:${payload}`),
    live: (up) => push(up ? "up" : "down"),
  };
  return {
    listener,
    events,
    /** Where the next event will be recorded (to wait for one after it). */
    mark: () => events.length,
    /** Resolves once `event` is recorded at or after index `from`. */
    waitFor(event: FeedEvent, from = 0): Promise<void> {
      if (events.indexOf(event, from) >= 0) return Promise.resolve();
      return new Promise((resolve) => waiting.add({ event, from, resolve }));
    },
  };
}
