import { ProviderError } from "./provider";

type Fetch = typeof fetch;

/** JSON escapes a UTF-16 unit in at most 6 bytes (`\uXXXX`); the rest is the envelope. */
const BYTES_PER_CHAR = 6;
const ENVELOPE_BYTES = 64 * 1024;
/**
 * A stream repeats its envelope (id, model, indexes: ~200 bytes) with every piece of a few
 * characters, so its whole body may be this many bytes per character of text; no single line
 * (event) may be longer than a JSON answer.
 */
const STREAM_BYTES_PER_CHAR = 256;

/** The most bytes a provider may send for an answer of `maxChars` characters. */
export function answerByteLimits(maxChars: number) {
  const json = maxChars * BYTES_PER_CHAR + ENVELOPE_BYTES;
  return { json, line: json, stream: maxChars * STREAM_BYTES_PER_CHAR + ENVELOPE_BYTES };
}

/**
 * Counts the body's bytes as the SDK reads it and errors the body (which cancels the request)
 * past `total`, or past `line` bytes without a newline (an SSE parser buffers a line until it
 * ends). Nothing beyond the limit is ever buffered.
 */
function boundedBody(body: ReadableStream<Uint8Array>, total: number, line: number) {
  let seen = 0;
  let open = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        const nl = chunk.lastIndexOf(10);
        open = nl < 0 ? open + chunk.byteLength : chunk.byteLength - nl - 1;
        if (seen > total || open > line) controller.error(new ProviderError("oversized"));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * The fetch every provider SDK is given. Redirects are not followed (`redirect: "manual"`): a
 * 3xx would re-send the prompt (and a key) to wherever it points, so it is a provider failure.
 * An answer larger than the byte limits of `maxChars` characters fails as `oversized` as soon as
 * it is known (a declared Content-Length, else while it is read), so it is never held whole.
 */
export function boundedFetch(maxChars: number, inner: Fetch = globalThis.fetch): Fetch {
  const limits = answerByteLimits(maxChars);
  return async (input, init) => {
    const res = await inner(input, { ...init, redirect: "manual" });
    if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) {
      await res.body?.cancel().catch(() => {});
      throw new ProviderError("http", res.status || 307);
    }
    if (!res.body) return res;
    const stream = (res.headers.get("content-type") ?? "").includes("text/event-stream");
    const total = stream ? limits.stream : limits.json;
    if (Number(res.headers.get("content-length") ?? 0) > total) {
      await res.body.cancel().catch(() => {});
      throw new ProviderError("oversized");
    }
    const body = boundedBody(res.body, total, stream ? limits.line : total);
    return new Response(body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}
