import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./errors";
import type { AppEnv } from "./types";

/**
 * Reads the request body as UTF-8 text, at most `maxBytes` (past that it rejects with
 * `bodyTooLarge()`), once per request. An entry may supply one that reads its runtime's own
 * request object: on Node, asking the Fetch `Request` for its body makes @hono/node-server build
 * a full undici Request and a web stream around the socket, a large share of a small POST's CPU
 * (see BENCHMARKS.md).
 */
export type BodyReader = (maxBytes: number) => Promise<string>;

export const bodyTooLarge = () => new ApiError(413, { detail: "Request body too large." });

/** The request body as text, through the entry's reader when there is one. */
export function bodyText(c: Context<AppEnv>): Promise<string> {
  const read = c.env.readBody;
  return read ? read(c.env.deps.config.MAX_BODY_BYTES) : c.req.text();
}

const hasBody = (method: string) => method !== "GET" && method !== "HEAD";

/**
 * MAX_BODY_BYTES for every request that may carry a body: a declared Content-Length over it is
 * 413 before anything runs; a chunked body is read now, so an oversized one is 413 before any
 * handler. GET and HEAD are never read (asking for their body costs as much as reading one).
 * Without an entry's reader, Hono's bodyLimit does the same over the Fetch `Request`.
 */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
  hasBody(c.req.method) ? limitRequestBody(c, next) : next();

const limitRequestBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const max = c.env.deps.config.MAX_BODY_BYTES;
  if (!c.env.readBody) {
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw bodyTooLarge();
      },
    })(c, next);
  }
  const length = c.req.header("content-length");
  if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
    if (Number.parseInt(length, 10) > max) throw bodyTooLarge();
  } else {
    await bodyText(c);
  }
  return next();
};
