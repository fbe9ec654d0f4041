/**
 * The headers every answer of a request carries: security, CORS, the request id, rate limits.
 * Middlewares set them here, before or after the handler, and nowhere else; the caller of
 * `app.fetch` supplies the bag and sends it with the answer, whose own headers win on a clash.
 * One path for every middleware and runtime: how a bag reaches the wire is the entry's business.
 */
export interface ResponseHeaders {
  set(name: string, value: string): void;
  /** A value set through this bag (not one the answer sets itself). */
  get(name: string): string | undefined;
}

/** A bag kept as a plain object until `withResponseHeaders` puts it on the answer. */
export class HeaderBag implements ResponseHeaders {
  private readonly values = new Map<string, [name: string, value: string]>();

  set(name: string, value: string): void {
    this.values.set(name.toLowerCase(), [name, value]);
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.[1];
  }

  entries(): IterableIterator<[name: string, value: string]> {
    return this.values.values();
  }

  get size(): number {
    return this.values.size;
  }

  /** The name a header was set under, whatever the letter case asked for. */
  nameOf(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.[0];
  }
}

/**
 * The answer with the bag's headers it does not set itself. A Response whose headers cannot
 * change (one from `fetch`) is copied first.
 */
export function withResponseHeaders(res: Response, bag: HeaderBag): Response {
  let out = res;
  for (const [name, value] of bag.entries()) {
    if (out.headers.has(name)) continue;
    try {
      out.headers.set(name, value);
    } catch {
      out = new Response(out.body, out);
      out.headers.set(name, value);
    }
  }
  return out;
}
