/**
 * The headers every answer of a request carries: security, CORS, the request id, rate limits.
 * Middlewares set them here, before or after the handler, and nowhere else; the caller of
 * `app.fetch` supplies the bag and sends it with the answer, whose own headers win on a clash.
 * One path for every middleware and runtime: how a bag reaches the wire is the entry's business.
 */
export interface ResponseHeaders {
  set(name: string, value: string): void;
  /** Every header of a fixed block (built once by `headerBlock`), as `set` one by one would. */
  setAll(block: HeaderBlock): void;
  /** A value set through this bag (not one the answer sets itself). */
  get(name: string): string | undefined;
}

type Entry = readonly [name: string, value: string];

/**
 * Headers every answer of a kind carries (the security set, CORS's fixed pair), keyed and paired
 * once: a bag takes them without lower-casing or allocating per request (BENCHMARKS.md #35).
 */
export interface HeaderBlock {
  readonly entries: readonly (readonly [lower: string, entry: Entry])[];
}

export function headerBlock(headers: Readonly<Record<string, string>>): HeaderBlock {
  return {
    entries: Object.entries(headers).map(
      ([name, value]) => [name.toLowerCase(), [name, value] as const] as const,
    ),
  };
}

/** A bag kept as a plain object until `withResponseHeaders` puts it on the answer. */
export class HeaderBag implements ResponseHeaders {
  private readonly values = new Map<string, Entry>();

  set(name: string, value: string): void {
    this.values.set(name.toLowerCase(), [name, value]);
  }

  setAll(block: HeaderBlock): void {
    for (const [lower, entry] of block.entries) this.values.set(lower, entry);
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.[1];
  }

  entries(): IterableIterator<Entry> {
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
