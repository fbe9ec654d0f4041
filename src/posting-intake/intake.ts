import { clipChars } from "../core/fields";
import { findJobPosting, type PostingFields, postingFields } from "./jsonld";
import { scanPage } from "./scan-page";
import { isHttpUrl } from "./url";

/** A draft application read from a posting; any field may be null (not found). */
export type PostingDraft = PostingFields;

/** A posting as plain text or as a page's HTML, with the address it came from if known. */
export type PostingSource = ({ text: string } | { html: string }) & { source_url?: string | null };

/** Titles and company names fit the application's columns (255); so do location and salary. */
const MAX_SHORT = 255;

/**
 * "Company: Acme" at the start of any line. Linear on any input: no quantifier may cross a line
 * or meet another over the same characters (the captured value is trimmed afterwards).
 */
const LABEL_START = "^[ \\t*_#>-]*(?:";
const LABEL_END = ")[ \\t*_]*[:\\-–—][ \\t*_]*([^\\n]+)";
// Built from constants only, so that the regex check of npm run lint can read them.
const TITLE_LABEL = new RegExp(`${LABEL_START}job title|title|position|role${LABEL_END}`, "im");
const COMPANY_LABEL = new RegExp(
  `${LABEL_START}company|company name|employer|organi[sz]ation|hiring company${LABEL_END}`,
  "im",
);
const LOCATION_LABEL = new RegExp(
  `${LABEL_START}location|locations|job location|based in|office|where${LABEL_END}`,
  "im",
);
const SALARY_LABEL = new RegExp(
  `${LABEL_START}salary|salary range|compensation|pay|pay range|base salary${LABEL_END}`,
  "im",
);
/** "Senior Engineer at Acme GmbH" (a title line naming its company). */
const AT_COMPANY = /^(.{2,120}?)\s+(?:at|@)\s+(\p{Lu}[\p{L}\p{N}&.,'’ -]{0,80}?)\s*$/u;
/** "$120,000 - $150,000", "€60k–80k", "60.000 EUR"; the first such amount in a text. */
const MONEY =
  /(?:[$€£¥] ?\d[\d.,]{0,12} ?[kK]?(?: ?(?:-|–|to) ?[$€£¥]? ?\d[\d.,]{0,12} ?[kK]?)?|\b\d[\d.,]{0,12} ?[kK]? ?(?:(?:-|–|to) ?\d[\d.,]{0,12} ?[kK]? ?)?(?:USD|EUR|GBP|CHF|CAD|AUD)\b)(?: ?(?:per|\/|a) ?(?:year|yr|annum|month|hour|hr))?/;

/**
 * Spaces collapsed, markdown emphasis dropped, cut to `max` characters as PostgreSQL counts them
 * (code points: an emoji is never split into half a pair); cut first, so the trims are linear.
 */
const clean = (s: string | null | undefined, max?: number): string | null => {
  const t = (s ?? "")
    .slice(0, 4 * MAX_SHORT)
    .replace(/\s+/g, " ")
    .replace(/^[ *_]+|(?<![ *_])[ *_]+$/g, "");
  if (!t) return null;
  return max ? clipChars(t, max) : t;
};

/** The first line with a letter or digit, without markdown marks (at most 1,000 characters). */
function firstLine(text: string): string {
  for (const line of text.split("\n")) {
    const head = line.slice(0, 1000);
    if (/[\p{L}\p{N}]/u.test(head)) return head.replace(/^[\s#*_>-]+|(?<![\s*_])[\s*_]+$/g, "");
  }
  return "";
}

/** Plain text: labelled lines ("Company: Acme"), the first line as the title, "at <Company>". */
function fromText(text: string): PostingFields {
  let title = TITLE_LABEL.exec(text)?.[1] ?? null;
  let company = COMPANY_LABEL.exec(text)?.[1] ?? null;
  const head = firstLine(text);
  const at = AT_COMPANY.exec(head);
  if (!title) title = at ? (at[1] ?? null) : head;
  if (!company && at) company = at[2] ?? null;
  return {
    job_title: title,
    company_name: company,
    original_job_description: text,
    location: LOCATION_LABEL.exec(text)?.[1] ?? null,
    salary: SALARY_LABEL.exec(text)?.[1] ?? MONEY.exec(text)?.[0] ?? null,
    source_url: null,
  };
}

/** "Senior Engineer - Acme | Jobs" -> "Senior Engineer" (a page title's site suffix dropped). */
const titleOnly = (s: string) => s.split(/(?<!\s)\s+[|–—]\s+|(?<!\s)\s+-\s+/)[0] ?? s;

/**
 * A page: its JobPosting (JSON-LD) first, then headings and meta, then its text as plain text.
 * `text`: what a reader sees (the title, then the main text, else the description).
 */
function fromHtml(html: string): { fields: PostingFields; text: string } {
  const page = scanPage(html);
  const ld = findJobPosting(page.jsonLd);
  const fromLd = ld ? postingFields(ld) : null;
  const meta = (k: string) => page.meta.get(k) || null;
  const description =
    fromLd?.original_job_description || page.text || meta("description") || meta("og:description");
  const guessed = fromText(description ?? "");
  const text = [page.title, page.text || description].filter(Boolean).join("\n\n");
  const fields = {
    job_title:
      fromLd?.job_title ??
      (page.h1 || null) ??
      meta("og:title") ??
      (page.title ? titleOnly(page.title) : null),
    company_name:
      fromLd?.company_name ?? meta("og:site_name") ?? guessedCompany(guessed, description),
    original_job_description: description || null,
    location: fromLd?.location ?? guessed.location,
    salary: fromLd?.salary ?? guessed.salary,
    source_url: fromLd?.source_url ?? meta("og:url") ?? (page.canonical || null),
  };
  return { fields, text };
}

/** From a page's text only a labelled company counts (its first line is not a title there). */
const guessedCompany = (guessed: PostingFields, text: string | null) =>
  text && COMPANY_LABEL.test(text) ? guessed.company_name : null;

/** A posting read: the draft, and the posting as plain text (what a model may read for the rest). */
export interface PostingRead {
  draft: PostingDraft;
  text: string;
}

/**
 * A draft application from a posting, as text or as a page's HTML (parsed, never executed; no
 * request is made), with the posting's plain text. Pure: the same input gives the same draft.
 */
export function readPosting(source: PostingSource): PostingRead {
  const read =
    "html" in source
      ? fromHtml(source.html)
      : { fields: fromText(source.text.trim()), text: source.text.trim() };
  return { draft: toDraft(read.fields, source.source_url), text: read.text };
}

/** The draft alone (see `readPosting`). */
export const parsePosting = (source: PostingSource): PostingDraft => readPosting(source).draft;

/** Fields cut to their columns, the given address first when it is http(s). */
function toDraft(fields: PostingFields, given: string | null | undefined): PostingDraft {
  const url = [given ?? null, fields.source_url].find(isHttpUrl) ?? null;
  return {
    job_title: clean(fields.job_title, MAX_SHORT),
    company_name: clean(fields.company_name, MAX_SHORT),
    original_job_description: fields.original_job_description?.trim() || null,
    location: clean(fields.location, MAX_SHORT),
    salary: clean(fields.salary, MAX_SHORT),
    source_url: url,
  };
}
