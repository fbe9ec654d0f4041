import type { ServerOptions } from "node:http";
import type { Duplex } from "node:stream";

/** Headers take far less than a body; 10 s is generous for any client behind a proxy. */
const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Node's own limits on a slow client. Its defaults hold a connection 5 minutes for a body and
 * 66 s for headers, long enough for a few idle sockets per second to pile up; the API's requests
 * are small, so REQUEST_TIMEOUT_MS (whole request received; a streamed answer is not bounded by
 * it) and a shorter headers timeout. Node only looks for expired requests every
 * `connectionsCheckingInterval` (30 s by default), so that interval is shortened too.
 */
export function httpLimits(requestTimeoutMs: number): ServerOptions {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
    connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
  };
}

const ANSWERS: Record<string, readonly [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout", "Request timed out."],
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large", "Request headers too large."],
};
const BAD_REQUEST = [400, "Bad Request", "Bad request."] as const;

/**
 * Answers what Node refuses before the app sees a request (a timeout, oversized or malformed
 * headers) as Node would, but with a DRF body. Like Node, it writes nothing once an answer has
 * begun on the socket, and only closes a reset one.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex) {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, reason, detail] = ANSWERS[err.code ?? ""] ?? BAD_REQUEST;
  const json = JSON.stringify({ detail });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
