import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ApiError, describeError, handleError } from "../../src/core/errors";
import { createMemoryLogger } from "../../src/core/logger";
import type { CoreEnv } from "../../src/core/types";

function appThrowing(err: unknown) {
  const logger = createMemoryLogger();
  const app = new Hono<CoreEnv>();
  app.use(async (c, next) => {
    c.set("logger", logger);
    await next();
  });
  app.get("/", () => {
    throw err;
  });
  app.onError(handleError);
  return { app, logger };
}

describe("error mapping", () => {
  it("an ApiError is rendered with its status, body and headers", async () => {
    const { app } = appThrowing(new ApiError(429, { detail: "x" }, { "Retry-After": "3" }));
    const res = await app.request("/");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({ detail: "x" });
  });

  it("an unexpected error is a fixed 500 and its message (query parameters) is never logged", async () => {
    const cause = Object.assign(new Error("duplicate key value"), {
      name: "PostgresError",
      code: "23505",
    });
    const err = new Error(
      'Failed query: insert into "auth_user" ... params: pbkdf2_sha256$600000$salt$SECRETHASH',
      {
        cause,
      },
    );
    const { app, logger } = appThrowing(err);
    const res = await app.request("/");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ detail: "Internal server error." });
    const logged = logger.lines.join("\n");
    expect(logged).toContain('"code":"23505"');
    expect(logged).toContain('"cause":"PostgresError"');
    expect(logged).not.toContain("SECRETHASH");
    expect(logged).not.toContain("Failed query");
  });

  it("describes non-Error throws by type only", () => {
    expect(describeError("token=abc")).toEqual({ error: "string" });
  });
});
