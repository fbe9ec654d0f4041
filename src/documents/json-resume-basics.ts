import { compact } from "./json-resume-sections";
import type { Run } from "./markdown";
import { asUrl, isEmail, isPhone, profileOf, tidy } from "./resume-fields";
import type { Outline } from "./resume-outline";

type Item = Record<string, unknown>;

/** What a contact line says besides its contacts: a title and a place, in that order. */
interface Contacts extends Item {
  titles: string[];
}

/** Words that make a contact-line part a job title rather than a place. */
const ROLE =
  /\b(?:engineer|developer|programmer|architect|designer|manager|analyst|consultant|scientist|researcher|administrator|specialist|director|lead|head|officer|founder|intern|student|writer|editor|cto|ceo|vp)\b/i;

/**
 * The name, the contact details and the summary. A paragraph of its own under the name is the
 * label; failing that, the title a contact line starts with ("Backend engineer · Berlin · ...").
 */
export function basics(doc: Outline, summaries: readonly string[]): Item {
  const out: Contacts = { name: doc.name, titles: [] };
  const profiles: Item[] = [];
  const loose: string[] = [];
  for (const paragraph of doc.preamble) {
    if (!readContacts(paragraph, out, profiles))
      loose.push(tidy(paragraph.map((r) => r.text).join("")));
  }
  const { titles, ...found } = out;
  const label = loose[0] && loose[0].length <= 80 ? loose.shift() : titles[0];
  const summary = [...summaries, ...loose].filter(Boolean).join("\n\n");
  return compact({ ...found, label, summary, profiles });
}

/** Reads one paragraph as a contact line; false when it holds no email, phone or link. */
function readContacts(runs: readonly Run[], out: Contacts, profiles: Item[]): boolean {
  const rest: string[] = [];
  let found = false;
  for (const part of segments(runs)) {
    const href = part.href ?? "";
    const text = tidy(part.text);
    const url = /^https?:/i.test(href) ? href : asUrl(text);
    if (href.startsWith("mailto:") || isEmail(text))
      out.email ??= (href.startsWith("mailto:") ? href.slice(7) : text).split("?")[0];
    else if (href.startsWith("tel:") || isPhone(text)) out.phone ??= text || href.slice(4);
    else if (url) {
      // A known network, or a second site named by its link text ("[Blog](...)"), is a profile.
      const profile =
        profileOf(url) ??
        (out.url && part.href && !asUrl(text) ? { network: text, url } : undefined);
      if (profile) profiles.push(profile);
      else out.url ??= url;
    } else {
      if (text) rest.push(text);
      continue;
    }
    found = true;
  }
  if (found) placeAndTitle(rest, out);
  return found;
}

/** "Backend engineer · Berlin": a title (by its words, or by coming first of two), then a place. */
function placeAndTitle(rest: readonly string[], out: Contacts): void {
  const byWord = rest.findIndex((t) => t.length <= 80 && ROLE.test(t));
  const title = byWord >= 0 ? byWord : rest.length > 1 && (rest[0] ?? "").length <= 80 ? 0 : -1;
  if (title >= 0) out.titles.push(rest[title] ?? "");
  const place = rest.find((_, i) => i !== title);
  if (place && place.length <= 60 && !out.location) out.location = location(place);
}

/**
 * A paragraph cut at separators (|, ·, •, line breaks, 3+ spaces); a link is always one segment.
 * The parts keep the spaces around a separator (the caller tidies them): a pattern that took
 * them as `\s*[|·]\s*` was tried at every space of a long run, quadratic (issue 21).
 */
function segments(runs: readonly Run[]): Array<{ text: string; href?: string }> {
  const out: Array<{ text: string; href?: string }> = [];
  for (const r of runs) {
    if (r.href) out.push({ text: r.text, href: r.href });
    else
      for (const text of r.text.split(/[|·•⋅\n]|(?<!\s)\s{3,}/))
        if (text.trim()) out.push({ text });
  }
  return out;
}

/** "Berlin, Germany" or "Austin, TX, US": the city, then the region, then a country code. */
function location(text: string): Item {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const last = parts[parts.length - 1];
  const countryCode = parts.length > 1 && last && /^[A-Z]{2}$/.test(last) ? parts.pop() : undefined;
  return compact({ city: parts[0], region: parts.slice(1).join(", "), countryCode });
}
