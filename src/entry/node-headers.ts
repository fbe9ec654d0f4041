import {
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  OutgoingMessage,
  ServerResponse,
  validateHeaderName,
  validateHeaderValue,
} from "node:http";
import type { Http2ServerResponse } from "node:http2";
import { HeaderBag, type HeaderBlock, type ResponseHeaders } from "../core/response-headers";

type Head = OutgoingHttpHeaders | ReturnType<ServerResponse["getHeaders"]>;

/**
 * Node's writer of a message's head: `writeHead` ends in `this._storeHeader(statusLine, headers)`,
 * which checks each header of `headers` and appends its line to `statusLine`. Undocumented, with
 * that signature for many years; where it is missing, the bag goes through `headers` (Node's
 * checks then run per answer, as before).
 */
type StoreHeader = (this: OutgoingMessage, firstLine: string, headers: unknown) => void;
const storeHeader = (OutgoingMessage.prototype as unknown as { _storeHeader?: StoreHeader })
  ._storeHeader;

/**
 * Headers Node reads as well as writes (the framing, the connection, the date): never written
 * ahead of its own processing, so a bag that held one goes through Node's path.
 */
const FRAMING = new Set([
  "connection",
  "content-length",
  "transfer-encoding",
  "date",
  "expect",
  "trailer",
  "keep-alive",
]);

/**
 * A block's head lines, checked by Node's own rules once (its headers are module constants and
 * configuration); null when it holds a header Node reads (FRAMING).
 */
const BLOCK_LINES = new WeakMap<HeaderBlock, string | null>();
function blockLines(block: HeaderBlock): string | null {
  let lines = BLOCK_LINES.get(block);
  if (lines === undefined) {
    lines = "";
    for (const [lower, [name, value]] of block.entries) {
      if (FRAMING.has(lower)) {
        lines = null;
        break;
      }
      lines += headLine(name, value);
    }
    BLOCK_LINES.set(block, lines);
  }
  return lines;
}

/** One head line, after the checks Node makes on what it writes (ERR_INVALID_CHAR and the like). */
function headLine(name: string, value: string): string {
  validateHeaderName(name);
  validateHeaderValue(name, value);
  return `${name}: ${value}\r\n`;
}

/**
 * The Node speed path for the headers every answer carries (security, CORS, request id, rate
 * limits): kept in the request's bag, a plain map, and handed to Node in the one `writeHead`
 * call that writes the answer's head, merged with the answer's own headers (which win on a
 * clash, in any letter case). `setHeader` per header stored, lower-cased and re-read each one:
 * about 6% of a cached GET's CPU (BENCHMARKS.md #32); setting them on the Response instead
 * validated and sorted each one through undici's `Headers` (#8, #15). Every name and value
 * written is checked by Node's rules, a fixed block's once: its lines are kept and written ahead
 * of the answer's own headers, which Node checks (the checks were ~20 % of the in-process cost
 * of a cached GET: #37).
 */
export class BaggedResponse<
  Request extends IncomingMessage = IncomingMessage,
> extends ServerResponse<Request> {
  /** The request's bag (appFetch attaches it); none for answers outside the app. */
  bag: HeaderBag | undefined = undefined;

  override writeHead(
    statusCode: number,
    reasonOrHeaders?: string | Head | OutgoingHttpHeaders[keyof OutgoingHttpHeaders][],
    maybeHeaders?: Head | OutgoingHttpHeaders[keyof OutgoingHttpHeaders][],
  ): this {
    const bag = this.bag;
    const reason = typeof reasonOrHeaders === "string" ? reasonOrHeaders : undefined;
    const own = typeof reasonOrHeaders === "string" ? maybeHeaders : reasonOrHeaders;
    if (bag === undefined || bag.size === 0 || Array.isArray(own)) {
      // Nothing to add, or a raw header list: the bag through setHeader (Node merges).
      if (bag)
        for (const [name, value] of bag.entries())
          if (!this.hasHeader(name)) this.setHeader(name, value);
      this.bag = undefined;
      return reason === undefined
        ? super.writeHead(statusCode, own as OutgoingHttpHeaders)
        : super.writeHead(statusCode, reason, own as OutgoingHttpHeaders);
    }
    this.bag = undefined;
    let clashes: Set<string> | undefined;
    if (own)
      for (const name in own) {
        if (!bag.has(name)) continue;
        clashes ??= new Set();
        clashes.add(name.toLowerCase());
      }
    // The bag first, as head lines where Node's writer takes them (`_storeHeader`'s first line),
    // else in the flat [name, value, ...] list Node reads as it reads an object; then the
    // answer's own headers in that list.
    const head: OutgoingHttpHeader[] = [];
    const parts = storeHeader === undefined ? undefined : bag.parts();
    let lines = "";
    if (parts === undefined)
      bag.forEach((lower, entry) => {
        if (clashes === undefined || !clashes.has(lower)) head.push(entry[0], entry[1]);
      });
    else
      for (const part of parts) {
        if (Array.isArray(part)) {
          const [lower, [name, value]] = part;
          if (clashes?.has(lower)) continue;
          if (FRAMING.has(lower)) head.push(name, value);
          else lines += headLine(name, value);
          continue;
        }
        const block = clashes === undefined ? blockLines(part) : null;
        if (block !== null) lines += block;
        else
          for (const [lower, [name, value]] of part.entries)
            if (!clashes?.has(lower)) head.push(name, value);
      }
    if (own)
      for (const name in own) {
        const value = (own as OutgoingHttpHeaders)[name];
        if (value !== undefined) head.push(name, value);
      }
    this.headLines = lines;
    try {
      return reason === undefined
        ? super.writeHead(statusCode, head)
        : super.writeHead(statusCode, reason, head);
    } finally {
      this.headLines = "";
    }
  }

  /** The bag's lines after the status line (set by `writeHead` for the call it makes). */
  private headLines = "";

  /** Node's head writer (see `storeHeader`), with the bag's checked lines after the first. */
  _storeHeader(firstLine: string, headers: unknown): void {
    (storeHeader as StoreHeader).call(
      this,
      this.headLines === "" ? firstLine : firstLine + this.headLines,
      headers,
    );
  }
}

/**
 * The request's header bag: written with the head (`BaggedResponse`) on Node's HTTP/1 server,
 * straight into the response elsewhere (HTTP/2, where Node merges `setHeader`'s with the head's).
 */
export function responseHeaders(out: ServerResponse | Http2ServerResponse): ResponseHeaders {
  if (out instanceof BaggedResponse) {
    const bag = new HeaderBag();
    out.bag = bag;
    return bag;
  }
  return new ServerResponseHeaders(out);
}

/** The bag as the response's own headers (`setHeader`): Node merges them into the head. */
export class ServerResponseHeaders implements ResponseHeaders {
  constructor(private readonly out: ServerResponse | Http2ServerResponse) {}

  set(name: string, value: string): void {
    this.out.setHeader(name, value);
  }

  setAll(block: HeaderBlock): void {
    for (const [, [name, value]] of block.entries) this.out.setHeader(name, value);
  }

  get(name: string): string | undefined {
    const value = this.out.getHeader(name);
    return value === undefined ? undefined : String(value);
  }
}
