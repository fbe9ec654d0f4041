import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { lazyStubs } from "../../scripts/write-route-manifest";
import type { AppEnv } from "../../src/app-env";
import { apiRoutes } from "../../src/features";
import { appRoutes, LAZY_GROUPS } from "../../src/features/app-routes";
import { LAZY_ROUTE_MANIFEST } from "../../src/features/lazy-routes.manifest";
import { type AnyRoute, lazyRoutes, mountRoutes, route, stubOf, stubsOf } from "../../src/route";

/**
 * The app mounts `appRoutes`: the features a request rarely needs as lazy groups whose stubs
 * come from a generated manifest. These hold the three together: the manifest is what the
 * groups define (else `npm run routes:manifest`), and the app mounts every operation of
 * `apiRoutes` (the document's, the client's) in the same order with the same policy.
 */
describe("the lazy route manifest", () => {
  it("is what the lazy groups define (run `npm run routes:manifest` after changing one)", async () => {
    expect(Object.keys(LAZY_ROUTE_MANIFEST).sort()).toEqual(Object.keys(LAZY_GROUPS).sort());
    expect(LAZY_ROUTE_MANIFEST).toEqual(await lazyStubs());
  });

  it("with the eager routes, mounts every operation of apiRoutes, in its order", () => {
    const all = apiRoutes as readonly AnyRoute[];
    expect(stubsOf(appRoutes)).toEqual(all.map(stubOf));
  });
});

type Loaded = readonly AnyRoute[];

const ping = route(
  {
    operationId: "ping",
    method: "post",
    path: "/api/ping/{id}/",
    tag: "test",
    summary: "ping",
    access: "public",
    responses: { 200: { description: "pong", headers: { "X-Pong": { description: "x" } } } },
  },
  (c) => c.json({ pong: c.req.param("id") }, 200, { "X-Pong": "1" }),
);

function lazyApp(load: () => Promise<Loaded>, stub = stubOf(ping)) {
  const calls = { load: 0 };
  const app = new Hono<AppEnv>({ getPath: (req) => new URL(req.url).pathname.replace(/\/$/, "") });
  const group = lazyRoutes([stub], () => {
    calls.load++;
    return load();
  });
  mountRoutes(
    app,
    [group],
    () => [],
    (err, c) => c.json({ detail: err.message }, 500),
  );
  return { app, calls };
}

describe("a lazy group", () => {
  it("loads its module with the first request to one of its operations, once", async () => {
    const { app, calls } = lazyApp(async () => [ping]);
    expect(calls.load).toBe(0);
    // Another method on the path: answered from the stubs, nothing loaded.
    const options = await app.request("/api/ping/7/", { method: "OPTIONS" });
    expect([options.status, options.headers.get("Allow"), calls.load]).toEqual([
      204,
      "POST, OPTIONS",
      0,
    ]);
    const first = await app.request("/api/ping/7/", { method: "POST" });
    const second = await app.request("/api/ping/8/", { method: "POST" });
    expect([first.status, await first.json(), first.headers.get("X-Pong")]).toEqual([
      200,
      { pong: "7" },
      "1",
    ]);
    expect([second.status, await second.json()]).toEqual([200, { pong: "8" }]);
    expect(calls.load).toBe(1);
  });

  it("answers 500 for a stale stub, and tries a failed load again", async () => {
    const stale = lazyApp(async () => [ping], { ...stubOf(ping), operationId: "gone" });
    const res = await stale.app.request("/api/ping/7/", { method: "POST" });
    expect([res.status, await res.json()]).toEqual([
      500,
      { detail: "route manifest out of date: gone" },
    ]);
    let fail = true;
    const flaky = lazyApp(async () => {
      if (fail) throw new Error("load failed");
      return [ping];
    });
    const failed = await flaky.app.request("/api/ping/7/", { method: "POST" });
    fail = false;
    const retried = await flaky.app.request("/api/ping/7/", { method: "POST" });
    expect([failed.status, retried.status, flaky.calls.load]).toEqual([500, 200, 2]);
  });
});
