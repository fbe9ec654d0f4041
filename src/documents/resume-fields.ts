/** Pieces of resume lines: dates and date ranges, "Title — Company" headings, contact details. */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DATE = `(?:\\d{4}-\\d{2}(?:-\\d{2})?|\\d{1,2}/\\d{4}|${MONTH}\\s+\\d{4}|\\d{4})`;
const OPEN_END = "(?:present|current|now|today|ongoing)";
const RANGE = new RegExp(`(${DATE})\\s*(?:-|–|—|to|until)\\s*(${DATE}|${OPEN_END})`, "i");
const SINGLE = new RegExp(`(?<![\\d/-])(${DATE})(?![\\d/-])`, "i");

/** A JSON Resume date (YYYY, YYYY-MM or YYYY-MM-DD) from "Jan 2020", "01/2020", "2020-01"... */
export function isoDate(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/\.$/, "");
  let m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(t);
  if (m) return validMonth(m[2]) ? (m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`) : m[1];
  m = /^(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return validMonth(m[1]) ? `${m[2]}-${(m[1] ?? "").padStart(2, "0")}` : m[2];
  m = /^([a-z]+)\.?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf((m[1] ?? "").slice(0, 3)) + 1;
    return month > 0 ? `${m[2]}-${String(month).padStart(2, "0")}` : m[2];
  }
  return /^\d{4}$/.test(t) ? t : undefined;
}

const validMonth = (mm: string | undefined) => Number(mm) >= 1 && Number(mm) <= 12;

export interface Dated {
  /** The text without the dates (and the brackets or separators around them). */
  readonly rest: string;
  readonly startDate?: string;
  readonly endDate?: string;
  /** A lone date (a graduation, an award): neither start nor end of a range. */
  readonly date?: string;
}

/** Takes the first date range (or, failing that, a lone date) out of a line. */
export function extractDates(text: string): Dated {
  const range = RANGE.exec(text);
  if (range) {
    const end = range[2] ?? "";
    const startDate = isoDate(range[1] ?? "");
    const endDate = new RegExp(`^${OPEN_END}$`, "i").test(end) ? undefined : isoDate(end);
    return { rest: without(text, range.index, range[0].length), startDate, endDate };
  }
  const single = SINGLE.exec(text);
  if (single)
    return { rest: without(text, single.index, single[0].length), date: isoDate(single[1] ?? "") };
  return { rest: text.trim() };
}

function without(text: string, index: number, length: number): string {
  return tidy(`${text.slice(0, index)} ${text.slice(index + length)}`);
}

const SEPARATOR = "[\\s|·•,;:—–-]";
/**
 * Separators at either end. The lookbehind lets the trailing run be tried only where it starts:
 * tried at every position of a long run, `[...]+$` took quadratic time (issue 21).
 */
const DANGLING = new RegExp(`^${SEPARATOR}+|(?<!${SEPARATOR})${SEPARATOR}+$`, "g");

/** Drops brackets left empty and separators left dangling by taking something out. */
export function tidy(text: string): string {
  return text
    .replace(/\(\s*\)|\[\s*\]/g, "")
    .replace(/\s+/g, " ")
    .replace(DANGLING, "")
    .trim();
}

// Strongest separator first: "AWS Architect – Associate — Amazon" splits at the em dash.
const TITLE_SEPARATORS = [" — ", " | ", " · ", " @ ", " at ", " – ", " - ", ", "];

/** "Title — Company", "Title at Company", "Title, Company", "Title | Company": both parts. */
export function splitTitle(text: string): [string, string | undefined] {
  const t = tidy(text);
  for (const sep of TITLE_SEPARATORS) {
    const i = t.indexOf(sep);
    if (i > 0) return [tidy(t.slice(0, i)), tidy(t.slice(i + sep.length)) || undefined];
  }
  return [t, undefined];
}

/** As core/fields' email pattern: the domain's first dot ends `[^\s@.]*`, so it is linear. */
const EMAIL = /^[^\s@]+@[^\s@][^\s@.]*\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{7,}$/;
const DOMAIN = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?$/i;

export const isEmail = (s: string) => s.length <= 254 && EMAIL.test(s);
export const isPhone = (s: string) => PHONE.test(s) && (s.match(/\d/g)?.length ?? 0) >= 7;

/** An absolute http(s) URL from "https://x.dev" or "x.dev/alice"; undefined for anything else. */
export function asUrl(s: string): string | undefined {
  const t = s.trim();
  if (!DOMAIN.test(t)) return undefined;
  const url = /^https?:\/\//i.test(t) ? t : `https://${t}`;
  try {
    return new URL(url).href === "" ? undefined : url;
  } catch {
    return undefined;
  }
}

const NETWORKS: Record<string, string> = {
  "linkedin.com": "LinkedIn",
  "github.com": "GitHub",
  "gitlab.com": "GitLab",
  "twitter.com": "Twitter",
  "x.com": "X",
  "stackoverflow.com": "Stack Overflow",
  "medium.com": "Medium",
  "dribbble.com": "Dribbble",
  "behance.net": "Behance",
};

/** A social profile (LinkedIn, GitHub...) from its URL; undefined for other sites. */
export function profileOf(
  url: string,
): { network: string; username?: string; url: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname.replace(/^www\./, "");
  const network = NETWORKS[host];
  if (!network) return undefined;
  const parts = parsed.pathname.split("/").filter(Boolean);
  const username = parts[parts.length - 1];
  return username ? { network, username, url } : { network, url };
}

/** "English (native)", "German — B2", "French: basic": the name and its qualifier. */
export function nameAndQualifier(text: string): [string, string | undefined] {
  const t = tidy(text);
  const paren = parenthesised(t);
  if (paren) return [tidy(paren[0]), tidy(paren[1]) || undefined];
  const m = /\s(?:—|–|-)\s|:\s/.exec(t);
  if (!m) return [t, undefined];
  return [tidy(t.slice(0, m.index)), tidy(t.slice(m.index + m[0].length)) || undefined];
}

/**
 * "Name (qualifier)" at the end of a tidied text: the qualifier runs from the first "(" after the
 * last ")" but one to the final ")". Found by index: the pattern that did this was cubic on "(((".
 */
function parenthesised(t: string): [string, string] | undefined {
  const close = t.length - 1;
  if (close < 1 || t[close] !== ")") return undefined;
  const open = t.indexOf("(", t.lastIndexOf(")", close - 1) + 1);
  return open >= 0 && open < close ? [t.slice(0, open), t.slice(open + 1, close)] : undefined;
}

/** A comma (or semicolon, or " · ") separated list of keywords. */
export const keywords = (text: string) =>
  text
    .split(/[,;]|\s·\s|\s\|\s/)
    .map(tidy)
    .filter(Boolean);
