import type { OrderKey, OrderTerm } from "./job-applications.queries";
import { ORDERABLE } from "./job-applications.queries";

export const DEFAULT_ORDER: OrderTerm[] = [{ key: "created_at", desc: true }];
export const MAX_LIMIT = 100;

/**
 * DRF OrderingFilter: comma-separated terms, unknown ones dropped, none left → the default. A
 * key already ordered by cannot change the order again, so repeats are dropped too: 1,500 of
 * them cost 200 ms of sorting on the embedded database.
 */
export function parseOrdering(raw: string | undefined): OrderTerm[] {
  const terms: OrderTerm[] = [];
  for (const part of (raw ?? "").split(",")) {
    const t = part.trim();
    const key = t.startsWith("-") ? t.slice(1) : t;
    if (Object.hasOwn(ORDERABLE, key) && !terms.some((o) => o.key === key))
      terms.push({ key: key as OrderKey, desc: t.startsWith("-") });
  }
  return terms.length > 0 ? terms : DEFAULT_ORDER;
}

/** DRF `_positive_int`: a base-10 integer, optionally > 0 (strict), capped at `cutoff`. */
function positiveInt(raw: string | undefined, strict: boolean, cutoff?: number) {
  if (raw === undefined || !/^\s*[-+]?\d+\s*$/.test(raw)) return undefined;
  const n = Number(raw);
  if (n < 0 || (strict && n === 0) || !Number.isSafeInteger(n)) return undefined;
  return cutoff === undefined ? n : Math.min(n, cutoff);
}

/**
 * LimitOffsetPagination without a default limit: no valid `limit` means no pagination (a plain
 * array, as the existing service answers); an invalid offset means 0.
 */
export function parsePage(limit: string | undefined, offset: string | undefined) {
  const l = positiveInt(limit, true, MAX_LIMIT);
  if (l === undefined) return undefined;
  return { limit: l, offset: positiveInt(offset, false) ?? 0 };
}

/**
 * Django's replace_query_param / remove_query_param: parameters re-encoded in sorted order. The
 * link is `base` (see `linkBase`: never an unchecked Host) + the request's path and new query.
 */
function withParams(
  url: string,
  base: string,
  set: Record<string, string>,
  drop: string[] = [],
): string {
  const u = new URL(url);
  const params = [...u.searchParams.entries()].filter(([k]) => !(k in set) && !drop.includes(k));
  for (const [k, v] of Object.entries(set)) params.push([k, v]);
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(params).toString();
  return `${base}${u.pathname}${u.search}`;
}

/** The `next` and `previous` links DRF's LimitOffsetPagination builds from the request URL. */
export function pageLinks(
  request: { url: string; base: string },
  page: { limit: number; offset: number },
  total: number,
) {
  const { url, base } = request;
  const { limit, offset } = page;
  const next =
    offset + limit >= total
      ? null
      : withParams(url, base, { limit: String(limit), offset: String(offset + limit) });
  let previous: string | null = null;
  if (offset > 0) {
    previous =
      offset - limit <= 0
        ? withParams(url, base, { limit: String(limit) }, ["offset"])
        : withParams(url, base, { limit: String(limit), offset: String(offset - limit) });
  }
  return { next, previous };
}
