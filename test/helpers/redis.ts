import { createConnection } from "node:net";
import { Redis } from "@upstash/redis";
import { type RunningBridge, startUpstashBridge } from "../../scripts/upstash-bridge";
import { UPSTASH_CLIENT_OPTIONS } from "../../src/kv/upstash";

/** The Redis the suite may use: TEST_REDIS_URL (CI sets it), else a local default. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether that Redis answers; in CI it must (tests fail instead of skipping there). */
export async function redisReachable(url = testRedisUrl): Promise<boolean> {
  if (process.env.CI === "true") return true;
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname || "127.0.0.1", port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export interface TestBridge extends RunningBridge {
  token: string;
  /** An @upstash/redis client configured as the app's entries configure theirs. */
  appClient(): Redis;
}

/** Starts scripts/upstash-bridge.ts in-process on a free port in front of the test Redis. */
export async function startTestBridge(redisUrl = testRedisUrl): Promise<TestBridge> {
  const token = `tok_${crypto.randomUUID()}`;
  const bridge = await startUpstashBridge({ redisUrl, token, port: 0, log: () => {} });
  return {
    ...bridge,
    token,
    appClient: () => new Redis({ url: bridge.url, token, ...UPSTASH_CLIENT_OPTIONS }),
  };
}

/** A TCP port nothing listens on (bound, then released). */
export async function deadUrl(): Promise<string> {
  const { freePort } = await import("./node-server");
  return `http://127.0.0.1:${await freePort()}`;
}
