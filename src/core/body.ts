import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "./errors";
import type { BodyReader, CoreEnv } from "./types";

export const bodyTooLarge = () => new ApiError(413, { detail: "Request body too large." });

/** The request body as text, through the reader the entry supplied (read once per request). */
export function bodyText<E extends CoreEnv>(c: Context<E>): Promise<string> {
  return c.env.readBody(c.env.deps.config.MAX_BODY_BYTES);
}

/**
 * A reader over a Fetch `Request`'s body stream (the Worker entry's, and app tests'): read once,
 * at most `maxBytes` (past that it stops reading and rejects with `bodyTooLarge()`), decoded as
 * UTF-8 with a leading byte order mark dropped, as `Request.text()` does.
 */
export function requestBodyReader(req: Request): BodyReader {
  let text: Promise<string> | undefined;
  return (maxBytes) => {
    text ??= readCapped(req.body, maxBytes);
    return text;
  };
}

async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number) {
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

const hasBody = (method: string) => method !== "GET" && method !== "HEAD";

/**
 * MAX_BODY_BYTES for every request that may carry a body: a declared Content-Length over it is
 * 413 before anything runs; a chunked body is read now, so an oversized one is 413 before any
 * handler. GET and HEAD are never read (asking for their body costs as much as reading one).
 */
export const limitBody: MiddlewareHandler<CoreEnv> = (c, next) =>
  hasBody(c.req.method) ? limitRequestBody(c, next) : next();

const limitRequestBody: MiddlewareHandler<CoreEnv> = async (c, next) => {
  const length = c.req.header("content-length");
  if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
    if (Number.parseInt(length, 10) > c.env.deps.config.MAX_BODY_BYTES) throw bodyTooLarge();
  } else {
    await bodyText(c);
  }
  return next();
};
