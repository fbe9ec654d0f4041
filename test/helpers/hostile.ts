/**
 * The shapes of text that made one request stall the server (issue 21's review and fuzzer):
 * each is cheap for a linear parser and quadratic (or worse) for a backtracking pattern or a
 * recursive walk. A shape is `head + unit * k + tail` (plus `close * k` for nesting), so its
 * length, and the size of a JSON body holding it, grow linearly with `k`.
 */
export interface Shape {
  name: string;
  head: string;
  unit: string;
  tail: string;
  /** Closes what each `unit` opened (nesting shapes): `head + unit*k + tail + close*k + end`. */
  close?: string;
  end?: string;
  /** A medley: each part with k repetitions, one after the other, a blank line between. */
  parts?: readonly Shape[];
}

export const SHAPES: readonly Shape[] = [
  // The email pattern of core/fields.ts and documents/resume-fields.ts (finding 1, 2).
  { name: "a@...@", head: "a@", unit: ".", tail: "@" },
  // The prompt's delimiter pattern (finding 3).
  { name: "x< x", head: "x<", unit: " ", tail: "x" },
  // Multi-line `^(\s*...)` patterns of the JSON Resume import (finding 4).
  { name: "a\\n\\na", head: "a", unit: "\n", tail: "a" },
  // `tidy` and the headings of the JSON Resume export (finding 2).
  { name: "# Ann a---x", head: "# Ann\n\na", unit: "-", tail: "x" },
  // Markdown links and `nameAndQualifier` (finding 2, 5).
  { name: "[[[", head: "", unit: "[", tail: "a" },
  { name: "(((", head: "", unit: "(", tail: "a" },
  { name: "***", head: "", unit: "*", tail: "a" },
  { name: "<div> nested", head: "", unit: "<div>", tail: "x", close: "</div>" },
  // A posting's JSON-LD nested deeper than any stack: schema.org's `name` objects (finding 9).
  {
    name: "JSON-LD nested",
    head: '<script type="application/ld+json">{"@type":"JobPosting","title":',
    unit: '{"name":',
    tail: '"x"',
    close: "}",
    end: "}</script>",
  },
];

/** `shape` with `k` repetitions. */
export function build(shape: Shape, k: number): string {
  if (shape.parts) return shape.parts.map((part) => build(part, k)).join("\n\n");
  const close = shape.close ? shape.close.repeat(k) : "";
  return shape.head + shape.unit.repeat(k) + shape.tail + close + (shape.end ?? "");
}

/**
 * The most repetitions for which `size(k)` stays within `limit`: sizes grow linearly with k,
 * so two measurements give the rate; the answer is checked, never assumed.
 */
export function mostRepeats(size: (k: number) => number, limit: number): number {
  const base = size(0);
  if (base > limit) return -1;
  const rate = (size(1000) - base) / 1000;
  let k = Math.floor((limit - base) / rate);
  while (k > 0 && size(k) > limit) k--;
  return k;
}

/** Code points, as `maxLength` and PostgreSQL count them. */
export const codePoints = (s: string) => [...s].length;

/** The longest value of `shape` of at most `maxLength` code points. */
export function longestValue(shape: Shape, maxLength: number): string {
  const k = mostRepeats((n) => build(shape, n).length, maxLength);
  return build(shape, Math.max(0, k));
}

/**
 * Every shape in one value: a field's longest value holds each at ~1/9 of its length (at the
 * 1 MiB body limit ~116 KB each, past the 80-120 KB that took 13-17 s in the review).
 */
export const ALL_SHAPES: Shape = {
  name: "all shapes",
  head: "",
  unit: "",
  tail: "",
  parts: SHAPES,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `body` with `value` at `path` (`work[].highlights[]`: the first item of each array, made
 * when missing). Returns a copy.
 */
export function withValue(body: Json, path: string, value: Json): Json {
  const copy = structuredClone(body ?? {}) as { [key: string]: Json };
  const parts = path.split(".");
  let node: { [key: string]: Json } | Json[] = copy;
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const isArray = part.endsWith("[]");
    const key = isArray ? part.slice(0, -2) : part;
    const holder = node as { [key: string]: Json };
    if (isArray) {
      const arr = Array.isArray(holder[key]) ? (holder[key] as Json[]) : [];
      holder[key] = arr;
      if (last) {
        arr[0] = value;
        break;
      }
      if (typeof arr[0] !== "object" || arr[0] === null || Array.isArray(arr[0])) arr[0] = {};
      node = arr[0] as { [key: string]: Json };
    } else if (last) {
      holder[key] = value;
    } else {
      const next = holder[key];
      if (typeof next !== "object" || next === null || Array.isArray(next)) holder[key] = {};
      node = holder[key] as { [key: string]: Json };
    }
  }
  return copy;
}

export type { Json };
