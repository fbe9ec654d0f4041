import type { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";
import type { ResponseHeaders } from "../core/response-headers";

/**
 * The Node speed path for the headers every answer carries: straight into the ServerResponse,
 * whose `setHeader` is a plain map write. Node merges them with the Response's own headers when
 * @hono/node-server writes the head (the Response's win on a clash), so the Response keeps its
 * plain header object and no undici `Headers` is built: setting them on the Response instead
 * validated and sorted each one, and cost the cached GET about 9% (BENCHMARKS.md #8, #15).
 */
export class ServerResponseHeaders implements ResponseHeaders {
  constructor(private readonly out: ServerResponse | Http2ServerResponse) {}

  set(name: string, value: string): void {
    this.out.setHeader(name, value);
  }

  get(name: string): string | undefined {
    const value = this.out.getHeader(name);
    return value === undefined ? undefined : String(value);
  }
}
