import { type Context, Hono, type MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/app-env";
import { CachedRouter } from "../../src/core/router-cache";
import { chain, isTerminal } from "../../src/route";

type Mw = MiddlewareHandler<AppEnv>;

const app = (routes: (a: Hono<AppEnv>) => void) => {
  const a = new Hono<AppEnv>({
    router: new CachedRouter<[unknown, unknown]>((e) => isTerminal(e[0])) as never,
  });
  routes(a);
  return a;
};

const onError = (err: Error, c: Parameters<Mw>[0]) => c.json({ detail: err.message }, 418);

describe("chain (one handler per route)", () => {
  it("runs middlewares in order around the handler, with compose's answers", async () => {
    const seen: string[] = [];
    const outer: Mw = async (c, next) => {
      seen.push("outer in");
      await next();
      seen.push(`outer out ${c.res.status}`);
      c.res.headers.set("X-Outer", "1");
    };
    const pass: Mw = (_c, next) => {
      seen.push("pass");
      return next();
    };
    const a = app((a) =>
      a.get("/x", chain([outer, pass, (c: Context<AppEnv>) => c.text("ok", 201)], onError)),
    );
    const res = await a.request("/x");
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("ok");
    expect(res.headers.get("X-Outer")).toBe("1");
    expect(seen).toEqual(["outer in", "pass", "outer out 201"]);
  });

  it("turns an Error thrown at any layer into onError's answer there, seen by outer layers", async () => {
    const statuses: number[] = [];
    const outer: Mw = async (c, next) => {
      await next();
      statuses.push(c.res.status);
    };
    const throwsSync: Mw = () => {
      throw new Error("sync");
    };
    const throwsAsync: Mw = async () => {
      throw new Error("async");
    };
    const a = app((a) => {
      a.get("/sync", chain([outer, throwsSync, (c: Context<AppEnv>) => c.text("never")], onError));
      a.get(
        "/async",
        chain([outer, throwsAsync, (c: Context<AppEnv>) => c.text("never")], onError),
      );
      a.get(
        "/handler",
        chain(
          [
            outer,
            () => {
              throw new Error("handler");
            },
          ],
          onError,
        ),
      );
    });
    for (const [path, msg] of [
      ["/sync", "sync"],
      ["/async", "async"],
      ["/handler", "handler"],
    ] as const) {
      const res = await a.request(path);
      expect(res.status).toBe(418);
      expect(await res.json()).toEqual({ detail: msg });
    }
    expect(statuses).toEqual([418, 418, 418]);
  });

  it("answers synchronously when every layer did, through a promise when one waited", async () => {
    const pass: Mw = (_c, next) => next();
    const waits: Mw = async (_c, next) => {
      await next();
    };
    const ok = (c: Context<AppEnv>) => c.text("ok");
    const a = app((a) => {
      a.get("/sync", chain([pass, pass, ok], onError));
      a.get("/async", chain([pass, waits, ok], onError));
    });
    const sync = a.fetch(new Request("http://x/sync"));
    expect(sync).toBeInstanceOf(Response);
    const later = a.fetch(new Request("http://x/async"));
    expect(later).toBeInstanceOf(Promise);
    for (const res of [await sync, await later]) expect(await res.text()).toBe("ok");
  });

  it("a middleware that answers stops the chain; nothing mounted after a chain runs", async () => {
    let after = 0;
    const a = app((a) => {
      a.get(
        "/x",
        chain(
          [(c: Context<AppEnv>) => c.text("early", 202), (c: Context<AppEnv>) => c.text("never")],
          onError,
        ),
      );
      a.all("*", (c) => {
        after++;
        return c.text("fallback", 404);
      });
    });
    const res = await a.request("/x");
    expect([res.status, await res.text()]).toEqual([202, "early"]);
    expect(after).toBe(0);
    expect((await a.request("/y")).status).toBe(404);
    expect(after).toBe(1);
  });
});
