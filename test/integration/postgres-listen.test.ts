import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../../src/db/postgres";
import { usingRealPostgres } from "../helpers/deps";
import { feedRecorder } from "../helpers/notifications";
import { faultyProxy } from "../helpers/tcp-fault";

/**
 * The listening connection of `createPostgresDatabase(..., { listen: true })` (src/db/listen.ts),
 * through a TCP proxy that drops or freezes it: every listener hears `down` as soon as it is lost
 * and `up` only once LISTEN is confirmed again, and notifications sent after that arrive.
 */
describe.skipIf(!usingRealPostgres)("database notifications (LISTEN)", () => {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "postgres://localhost/none");
  let sender: postgres.Sql;
  beforeAll(() => {
    sender = postgres(url.toString(), { max: 1, onnotice: () => {} });
  });
  afterAll(() => sender.end());

  const send = (channel: string, payload: string) =>
    sender`select pg_notify(${channel}, ${payload})`;

  async function open() {
    const proxy = await faultyProxy(
      { host: url.hostname, port: Number(url.port || 5432) },
      "forward",
    );
    const through = new URL(url);
    through.host = `127.0.0.1:${proxy.port}`;
    const database = createPostgresDatabase(through.toString(), [], {
      max: 1,
      listen: true,
      listenHeartbeatMs: 100,
      connectTimeoutMs: 300,
    });
    const channel = `test_listen_${crypto.randomUUID().slice(0, 8)}`;
    const feed = feedRecorder();
    database.notifications?.listen(channel, feed.listener);
    return { proxy, database, channel, feed };
  }

  it("delivers what any connection sends once LISTEN is confirmed, to every listener", async () => {
    const { proxy, database, channel, feed } = await open();
    try {
      await feed.waitFor("up");
      const late = feedRecorder(); // subscribed once the connection is live: told at once
      database.notifications?.listen(channel, late.listener);
      expect(late.events).toEqual(["up"]);
      await send(channel, "a1");
      await Promise.all([feed.waitFor("notify:a1"), late.waitFor("notify:a1")]);
      expect(feed.events).toEqual(["up", "notify:a1"]);
    } finally {
      await database.close();
      await proxy.close();
    }
  });

  it("a closed connection is down at once, and up again after a new LISTEN", async () => {
    const { proxy, database, channel, feed } = await open();
    try {
      await feed.waitFor("up");
      const mark = feed.mark();
      await proxy.set("refuse");
      await feed.waitFor("down", mark);
      await send(channel, "missed"); // sent while nobody listens: never delivered
      await proxy.set("forward");
      await feed.waitFor("up", mark);
      await send(channel, "b2");
      await feed.waitFor("notify:b2", mark);
      expect(feed.events.slice(mark)).toEqual(["down", "up", "notify:b2"]);
    } finally {
      await database.close();
      await proxy.close();
    }
  });

  it("a frozen connection misses a heartbeat: down, and not up until LISTEN answers", async () => {
    const { proxy, database, channel, feed } = await open();
    try {
      await feed.waitFor("up");
      const mark = feed.mark();
      await proxy.set("hang"); // bytes held both ways, no close: as a partitioned network
      await feed.waitFor("down", mark);
      // The reconnections are accepted but their LISTEN never answers: two more attempts, still down.
      const accepted = proxy.accepted;
      await expect.poll(() => proxy.accepted, { timeout: 10_000 }).toBeGreaterThan(accepted + 1);
      expect(feed.events.slice(mark)).toEqual(["down"]);
      await proxy.set("forward");
      await feed.waitFor("up", mark);
      await send(channel, "c3");
      await feed.waitFor("notify:c3", mark);
    } finally {
      await database.close();
      await proxy.close();
    }
  });
});
