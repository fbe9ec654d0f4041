import { htmlToText } from "./scan-page";

/** The fields of a schema.org JobPosting that a draft application takes. */
export interface PostingFields {
  job_title: string | null;
  company_name: string | null;
  original_job_description: string | null;
  location: string | null;
  salary: string | null;
  source_url: string | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * How many `name`s deep a value is followed (an Organization's name is a string, at most a
 * Text object): a page nesting them thousands deep overflowed the stack.
 */
const MAX_NAME_DEPTH = 3;

/** A string property, or the `name` of an object (schema.org allows both almost everywhere). */
function text(v: unknown, depth = 0): string | null {
  for (const item of list(v)) {
    if (typeof item === "string" && item.trim()) return item.trim();
    if (typeof item === "number") return String(item);
    if (isObject(item) && depth < MAX_NAME_DEPTH) {
      const name = text(item.name, depth + 1);
      if (name) return name;
    }
  }
  return null;
}

function isJobPosting(v: Json): boolean {
  return list(v["@type"]).some((t) => typeof t === "string" && /(^|[/#:])JobPosting$/.test(t));
}

/** The first JobPosting anywhere in the blocks: top level, lists, `@graph`, nested (bounded). */
export function findJobPosting(blocks: readonly string[]): Json | null {
  for (const block of blocks) {
    let data: unknown;
    try {
      data = JSON.parse(block.trim().replace(/^<!--|-->$/g, ""));
    } catch {
      continue;
    }
    const found = search(data, 0);
    if (found) return found;
  }
  return null;
}

function search(v: unknown, depth: number): Json | null {
  if (depth > 6) return null;
  if (Array.isArray(v)) {
    for (const item of v.slice(0, 200)) {
      const found = search(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (!isObject(v)) return null;
  if (isJobPosting(v)) return v;
  for (const key of ["@graph", "mainEntity", "itemListElement", "item"]) {
    const found = search(v[key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** "Berlin, BE, DE"; several places joined by "; "; "Remote" for telecommuting. */
function location(p: Json): string | null {
  const places = list(p.jobLocation).flatMap((loc) => {
    if (typeof loc === "string") return [loc.trim()];
    if (!isObject(loc)) return [];
    const address = loc.address;
    if (typeof address === "string") return [address.trim()];
    if (!isObject(address)) return [text(loc.name) ?? ""];
    const parts = [address.addressLocality, address.addressRegion, address.addressCountry]
      .map((v) => text(v))
      .filter((s): s is string => Boolean(s));
    return [parts.join(", ")];
  });
  const remote = list(p.jobLocationType).some((t) => t === "TELECOMMUTE") ? ["Remote"] : [];
  const all = [...new Set([...places, ...remote].filter(Boolean))];
  return all.length > 0 ? all.join("; ") : null;
}

/** "-1234567" -> "-1,234,567"; by hand: the lookahead pattern for it was quadratic in digits. */
function thousands(int: string): string {
  const sign = int.startsWith("-") ? "-" : "";
  const digits = int.slice(sign.length);
  if (!/^\d+$/.test(digits)) return int;
  const groups = [digits.slice(0, digits.length % 3 || 3)];
  for (let i = groups[0]?.length ?? 0; i < digits.length; i += 3)
    groups.push(digits.slice(i, i + 3));
  return sign + groups.join(",");
}

const grouped = (n: number) => {
  const [int = "", frac] = String(n).split(".");
  const withCommas = thousands(int);
  return frac ? `${withCommas}.${frac}` : withCommas;
};
const amount = (v: unknown): string | null => {
  const n = typeof v === "string" ? Number(v.replace(/,/g, "")) : v;
  if (typeof n === "number" && Number.isFinite(n)) return grouped(n);
  return typeof v === "string" && v.trim() ? v.trim() : null;
};

/** MonetaryAmount -> "EUR 60,000 - 80,000 per year" (whatever of it is there). */
function salary(p: Json): string | null {
  const base = p.baseSalary ?? p.estimatedSalary;
  const money = list(base)[0];
  if (money === undefined) return null;
  if (!isObject(money)) return amount(money);
  const value = money.value;
  let range: string | null;
  let unit = text(money.unitText);
  if (isObject(value)) {
    const min = amount(value.minValue);
    const max = amount(value.maxValue);
    range = min && max ? `${min} - ${max}` : (amount(value.value) ?? min ?? max);
    unit = text(value.unitText) ?? unit;
  } else range = amount(value ?? money.minValue);
  if (!range) return null;
  const currency = text(money.currency);
  const per = unit ? ` per ${unit.toLowerCase()}` : "";
  return `${currency ? `${currency} ` : ""}${range}${per}`;
}

/** The fields a JobPosting gives (any may be null). */
export function postingFields(p: Json): PostingFields {
  const description = typeof p.description === "string" ? htmlToText(p.description) : null;
  const url = typeof p.url === "string" ? p.url.trim() : null;
  return {
    job_title: text(p.title) ?? text(p.name),
    company_name: text(p.hiringOrganization),
    original_job_description: description || null,
    location: location(p),
    salary: salary(p),
    source_url: url,
  };
}
