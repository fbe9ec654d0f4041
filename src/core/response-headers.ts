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
 * once: a bag takes them by reference, without lower-casing, copying or allocating per request
 * (BENCHMARKS.md #35).
 */
export interface HeaderBlock {
  readonly entries: readonly (readonly [lower: string, entry: Entry])[];
  /** The lower-cased names, to see whether another header would replace one of these. */
  readonly names: ReadonlySet<string>;
}

export function headerBlock(headers: Readonly<Record<string, string>>): HeaderBlock {
  const entries = Object.entries(headers).map(
    ([name, value]) => [lowerName(name), [name, value] as const] as const,
  );
  return { entries, names: new Set(entries.map(([lower]) => lower)) };
}

/**
 * Header names as keys: the names code sets are a few constants, so each is lower-cased once (a
 * new string, hashed again, per `set` otherwise). Bounded, for names built at run time.
 */
const LOWER = new Map<string, string>();
function lowerName(name: string): string {
  let lower = LOWER.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (LOWER.size < 1024) LOWER.set(name, lower);
  }
  return lower;
}

/** One header set by name: its key, and the name and value as set. */
export type Single = [lower: string, entry: Entry];

/**
 * The request's bag. What a request sets is a few blocks and a few single headers that replace
 * none of them, so the bag keeps exactly that, in order (blocks by reference); the first header
 * that would replace another turns it into a map keyed by lower-cased name, which keeps a
 * replaced header's place as a Map does. Either way: the last value set for a name wins (in any
 * letter case), under the name it was set with.
 */
export class HeaderBag implements ResponseHeaders {
  private items: (HeaderBlock | Single)[] = [];
  private map: Map<string, Entry> | undefined = undefined;

  set(name: string, value: string): void {
    const lower = lowerName(name);
    if (this.map === undefined) {
      const at = this.find(lower);
      if (at === undefined) {
        this.items.push([lower, [name, value]]);
        return;
      }
      if (Array.isArray(at)) {
        at[1] = [name, value];
        return;
      }
      this.toMap();
    }
    this.map?.set(lower, [name, value]);
  }

  setAll(block: HeaderBlock): void {
    if (this.map === undefined) {
      if (
        !this.items.some((it) => (Array.isArray(it) ? block.names.has(it[0]) : overlap(it, block)))
      ) {
        this.items.push(block);
        return;
      }
      this.toMap();
    }
    for (const [lower, entry] of block.entries) this.map?.set(lower, entry);
  }

  get(name: string): string | undefined {
    return this.entryOf(name)?.[1];
  }

  /** The headers, each name once, in the order they were first set. */
  entries(): IterableIterator<Entry> {
    const all: Entry[] = [];
    this.forEach((_, entry) => {
      all.push(entry);
    });
    return all.values();
  }

  /** `entries()` without an iterator: each header with its lower-cased name. */
  forEach(each: (lower: string, entry: Entry) => void): void {
    if (this.map !== undefined) {
      for (const [lower, entry] of this.map) each(lower, entry);
      return;
    }
    for (const it of this.items) {
      if (Array.isArray(it)) each(it[0], it[1]);
      else for (const [lower, entry] of it.entries) each(lower, entry);
    }
  }

  /**
   * What the bag holds as it was set, in order: blocks by reference, each single header as
   * [lower-cased name, [name, value]]; undefined once a header has replaced another (then
   * `forEach` gives each name once). For a writer that keeps something per block.
   */
  parts(): readonly (HeaderBlock | Single)[] | undefined {
    return this.map === undefined ? this.items : undefined;
  }

  /** Whether a header of this name (any letter case) is in the bag. */
  has(name: string): boolean {
    return this.entryOf(name) !== undefined;
  }

  get size(): number {
    if (this.map !== undefined) return this.map.size;
    let n = 0;
    for (const it of this.items) n += Array.isArray(it) ? 1 : it.entries.length;
    return n;
  }

  /** The name a header was set under, whatever the letter case asked for. */
  nameOf(name: string): string | undefined {
    return this.entryOf(name)?.[0];
  }

  private entryOf(name: string): Entry | undefined {
    const lower = lowerName(name);
    if (this.map !== undefined) return this.map.get(lower);
    const at = this.find(lower);
    if (at === undefined) return undefined;
    return Array.isArray(at) ? at[1] : at.entries.find(([l]) => l === lower)?.[1];
  }

  /** The item that holds `lower`, if any (no two items hold one name in list form). */
  private find(lower: string): HeaderBlock | Single | undefined {
    for (const it of this.items)
      if (Array.isArray(it) ? it[0] === lower : it.names.has(lower)) return it;
    return undefined;
  }

  private toMap(): void {
    const map = new Map<string, Entry>();
    this.forEach((lower, entry) => {
      map.set(lower, entry);
    });
    this.map = map;
    this.items = [];
  }
}

/** Whether two blocks share a name; the answer for a pair is kept (blocks are module constants). */
const OVERLAPS = new WeakMap<HeaderBlock, WeakMap<HeaderBlock, boolean>>();
function overlap(a: HeaderBlock, b: HeaderBlock): boolean {
  let known = OVERLAPS.get(a);
  if (known === undefined) {
    known = new WeakMap();
    OVERLAPS.set(a, known);
  }
  let answer = known.get(b);
  if (answer === undefined) {
    answer = a === b || [...b.names].some((n) => a.names.has(n));
    known.set(b, answer);
  }
  return answer;
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
