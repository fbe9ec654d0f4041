/**
 * A personal access token against an access JWT on the warm path (issue 25, target: the token
 * costs no more): `GET /api/auth/me/` in process through `app.fetch`, with the Node entry's own
 * dependencies (`buildNodeDeps`: the store is the in-process twin, or Upstash when
 * UPSTASH_REDIS_REST_URL/_TOKEN are set; PostgreSQL with DATABASE_URL, else PGlite in a temp
 * dir). One call at a time, blocks alternating JWT / token so a noisy machine's drift lands on
 * both; p50/p99 per call and CPU µs per call of this process.
 * `npx tsx scripts/bench/personal-tokens.ts [calls per block] [blocks]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { parseConfig } from "../../src/config";
import { requestBodyReader } from "../../src/core/body";
import { nowSeconds, systemClock } from "../../src/core/clock";
import { createLogger } from "../../src/core/logger";
import { HeaderBag, withResponseHeaders } from "../../src/core/response-headers";
import { signToken } from "../../src/core/tokens";
import { authUser } from "../../src/db/schema";
import { buildNodeDeps, openNodeDatabase, prepareDatabase } from "../../src/entry/node-deps";
import { spread } from "./stats";

const perBlock = Number(process.argv[2] ?? 500);
const blocks = Number(process.argv[3] ?? 10);
const dir = mkdtempSync(join(tmpdir(), "pat-bench-"));
const config = parseConfig({
  ...process.env,
  NODE_ENV: "development",
  SECRET_KEY: "bench-secret-key-bench-secret-key-bench-secret-key",
  THROTTLE_ENABLED: "false",
  LOG_LEVEL: "warn",
  PGLITE_DIR: join(dir, "pglite"),
  ACCESS_TOKEN_LIFETIME: "7200",
});
const logger = createLogger(config.LOG_LEVEL);
const database = await openNodeDatabase(config, logger);
const { deps, drain } = await buildNodeDeps(config, logger, database);
await prepareDatabase(database, config, deps);
const app = createApp();

const call = async (token: string) => {
  const req = new Request("http://localhost/api/auth/me/", {
    headers: { authorization: `Bearer ${token}` },
  });
  const bag = new HeaderBag();
  const env = { deps, socketIp: "127.0.0.1", readBody: requestBodyReader(req), headers: bag };
  const res = withResponseHeaders(await app.fetch(req, env), bag);
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  await res.arrayBuffer();
};

const username = `bench_${crypto.randomUUID().slice(0, 8)}`;
const [user] = await database.db
  .insert(authUser)
  .values({ username, email: `${username}@example.com`, password: "!unusable" })
  .returning({ id: authUser.id });
if (!user) throw new Error("no user");
const settings = {
  secretKey: config.secretKey,
  accessLifetime: config.ACCESS_TOKEN_LIFETIME,
  refreshLifetime: config.REFRESH_TOKEN_LIFETIME,
};
const { token: jwt } = await signToken(settings, "access", user.id, nowSeconds(systemClock));
const made = await app.fetch(
  new Request("http://localhost/api/auth/tokens/", {
    method: "POST",
    headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", scopes: ["account:read"] }),
  }),
  {
    deps,
    socketIp: "127.0.0.1",
    readBody: async () => JSON.stringify({ name: "bench", scopes: ["account:read"] }),
    headers: new HeaderBag(),
  },
);
const { token: pat } = (await made.json()) as { token: string };

const ways: Array<[string, string]> = [
  ["jwt", jwt],
  ["token", pat],
];
const times = new Map<string, number[]>(ways.map(([name]) => [name, []]));
const cpu = new Map<string, number>(ways.map(([name]) => [name, 0]));
async function block(name: string, token: string, record: boolean) {
  const startCpu = process.cpuUsage();
  for (let i = 0; i < perBlock; i++) {
    const start = performance.now();
    await call(token);
    if (record) times.get(name)?.push(performance.now() - start);
  }
  const used = process.cpuUsage(startCpu);
  if (record) cpu.set(name, (cpu.get(name) ?? 0) + used.user + used.system);
}

for (const [name, token] of ways) await block(name, token, false); // warm-up
for (let b = 0; b < blocks; b++) {
  for (const [name, token] of b % 2 === 0 ? ways : [...ways].reverse()) {
    await block(name, token, true);
  }
}
const store = config.UPSTASH_REDIS_REST_URL ? "upstash" : "memory";
const db = config.DATABASE_URL ? "postgres" : "pglite";
const row = (name: string) => {
  const s = spread(times.get(name) ?? []);
  const cpuUs = Math.round((cpu.get(name) ?? 0) / s.n);
  return { ...s, cpuUs };
};
const j = row("jwt");
const p = row("token");
for (const [name, r] of [
  ["jwt", j],
  ["token", p],
] as const) {
  process.stdout.write(
    `${db}/${store} ${name.padEnd(5)} p50 ${r.p50} ms p99 ${r.p99} ms cpu ${r.cpuUs} µs/call (n=${r.n})\n`,
  );
}
const verdict = p.p50 <= j.p50 * 1.05 && p.cpuUs <= j.cpuUs * 1.05 ? "PASS" : "MISS";
process.stdout.write(
  `token vs jwt: p50 ${p.p50}/${j.p50} ms, cpu ${p.cpuUs}/${j.cpuUs} µs ${verdict} (within 5 %)\n`,
);
await drain();
await database.close();
rmSync(dir, { recursive: true, force: true });
