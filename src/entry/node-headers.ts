import {
  type IncomingMessage,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  ServerResponse,
} from "node:http";
import type { Http2ServerResponse } from "node:http2";
import { HeaderBag, type HeaderBlock, type ResponseHeaders } from "../core/response-headers";

type Head = OutgoingHttpHeaders | ReturnType<ServerResponse["getHeaders"]>;

/**
 * The Node speed path for the headers every answer carries (security, CORS, request id, rate
 * limits): kept in the request's bag, a plain map, and handed to Node in the one `writeHead`
 * call that writes the answer's head, merged with the answer's own headers (which win on a
 * clash, in any letter case). `setHeader` per header stored, lower-cased and re-read each one:
 * about 6% of a cached GET's CPU (BENCHMARKS.md #32); setting them on the Response instead
 * validated and sorted each one through undici's `Headers` (#8, #15). Node still checks every
 * name and value it writes.
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
    // One flat [name, value, ...] list, bag first: Node reads it as it reads an object, without
    // an object of ~20 keys built per answer to hold them.
    let clashes: Set<string> | undefined;
    if (own)
      for (const name in own) {
        if (!bag.has(name)) continue;
        clashes ??= new Set();
        clashes.add(name.toLowerCase());
      }
    const head: OutgoingHttpHeader[] = [];
    bag.forEach((lower, entry) => {
      if (clashes === undefined || !clashes.has(lower)) head.push(entry[0], entry[1]);
    });
    if (own)
      for (const name in own) {
        const value = (own as OutgoingHttpHeaders)[name];
        if (value !== undefined) head.push(name, value);
      }
    return reason === undefined
      ? super.writeHead(statusCode, head)
      : super.writeHead(statusCode, reason, head);
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
