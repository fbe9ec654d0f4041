import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./errors";
import type { CoreEnv } from "./types";

export const bodyTooLarge = () => new ApiError(413, { detail: "Request body too large." });

/** The request body as text, through the entry's reader when there is one. */
export function bodyText<E extends CoreEnv>(c: Context<E>): Promise<string> {
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
export const limitBody: MiddlewareHandler<CoreEnv> = (c, next) =>
  hasBody(c.req.method) ? limitRequestBody(c, next) : next();

const limitRequestBody: MiddlewareHandler<CoreEnv> = async (c, next) => {
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
