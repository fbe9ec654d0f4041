import { clipChars } from "../core/fields";
import type { JsonResume, JsonResumeBasics, JsonResumeRole } from "./json-resume-types";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Text as Markdown shows it: the characters Markdown would act on are escaped. A line's indent
 * is white space other than line breaks (`[^\S\n\r\u2028\u2029]`): a `\s*` there ran on over
 * every following blank line from each line start, quadratic on "a" + "\n" * N (issue 21).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\\`*_[\]<>|&~]/g, "\\$&")
    .replace(/^([^\S\n\r\u2028\u2029]*)([#>+-])(?=\s|$)/gm, "$1\\$2")
    .replace(/^([^\S\n\r\u2028\u2029]*\d+)([.)])(?=\s|$)/gm, "$1\\$2")
    .replace(/^([^\S\n\r\u2028\u2029]*)(={3,}|-{3,})[^\S\n\r\u2028\u2029]*$/gm, "$1\\$2");
}

const one = (text: string | undefined) => escapeMarkdown((text ?? "").replace(/\s+/g, " ").trim());

/** A link for http(s) and mailto targets only; anything else stays text. */
function link(text: string, href: string | undefined): string {
  const label = one(text);
  if (!href || !/^(https?:\/\/|mailto:)/i.test(href.trim())) return label;
  const target = href
    .trim()
    .replace(/[\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  // In angle brackets a destination may hold parentheses ("Silicon_Valley_(TV_series)").
  return `[${label || target}](${/[()]/.test(target) ? `<${target}>` : target})`;
}

/** "2020-01" -> "Jan 2020"; a year or a full date as written; other text as it came. */
function date(value: string | undefined): string {
  const v = (value ?? "").trim();
  const m = /^(\d{4})-(\d{2})$/.exec(v);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return one(m && month ? `${month} ${m[1]}` : v);
}

function period(start: string | undefined, end: string | undefined): string {
  if (start && end) return `${date(start)} – ${date(end)}`;
  if (start) return `${date(start)} – Present`;
  return date(end);
}

const joined = (parts: ReadonlyArray<string | undefined>, sep: string) =>
  parts.filter((p) => p?.trim()).join(sep);
const paragraphs = (text: string | undefined) =>
  (text ?? "")
    .split(/\n\s*\n/)
    .map(escapeMarkdown)
    .filter((p) => p.trim());
const bullets = (items: readonly string[] | undefined) =>
  (items ?? [])
    .map(one)
    .filter(Boolean)
    .map((t) => `- ${t}`);

/** A block of Markdown: non-empty parts separated by blank lines. */
const block = (...parts: Array<string | readonly string[] | undefined>) =>
  parts
    .flatMap((p) => (Array.isArray(p) ? (p.length ? [p.join("\n")] : []) : p ? [p] : []))
    .join("\n\n");

function contacts(b: JsonResumeBasics): string {
  const loc = b.location;
  const place = joined([loc?.city, loc?.region, loc?.countryCode], ", ");
  const site = b.url
    ? link(b.url.replace(/^https?:\/\//i, "").replace(/\/$/, ""), b.url)
    : undefined;
  const profiles = (b.profiles ?? []).map((p) =>
    p.url
      ? link(p.network || p.username || p.url, p.url)
      : one(joined([p.network, p.username], ": ")),
  );
  return joined([one(b.email), one(b.phone), site, ...profiles, one(place)], " | ");
}

function role(r: JsonResumeRole, org: string | undefined): string {
  const title = joined([one(r.position), r.url ? link(org ?? r.url, r.url) : one(org)], " — ");
  const when = joined([period(r.startDate, r.endDate), one(r.location)], " · ");
  return block(
    `### ${title || "Untitled"}`,
    when,
    ...paragraphs(r.summary ?? r.description),
    bullets(r.highlights),
  );
}

type Section = [string, string[]];

function sections(doc: JsonResume): Section[] {
  const work = (doc.work ?? []).map((r) => role(r, r.name));
  const volunteer = (doc.volunteer ?? []).map((r) => role(r, r.organization));
  const education = (doc.education ?? []).map((e) => {
    const degree = joined([one(e.studyType), one(e.area)], " in ");
    const title = joined(
      [degree, e.url ? link(e.institution ?? e.url, e.url) : one(e.institution)],
      " — ",
    );
    const score = e.score ? `- Score: ${one(e.score)}` : undefined;
    return block(`### ${title || "Untitled"}`, period(e.startDate, e.endDate), [
      ...(score ? [score] : []),
      ...bullets(e.courses),
    ]);
  });
  const skills = (doc.skills ?? []).map(
    (s) =>
      `- ${joined([joined([s.name ? `**${one(s.name)}**` : undefined, s.level ? `(${one(s.level)})` : undefined], " "), (s.keywords ?? []).map(one).join(", ")], ": ")}`,
  );
  const projects = (doc.projects ?? []).map((p) =>
    block(
      `### ${link(p.name ?? "Untitled", p.url)}`,
      period(p.startDate, p.endDate),
      ...paragraphs(p.description),
      bullets(p.highlights),
      p.keywords?.length ? `Keywords: ${p.keywords.map(one).join(", ")}` : undefined,
    ),
  );
  const certificates = (doc.certificates ?? []).map(
    (c) =>
      `- ${joined([link(c.name ?? "Certificate", c.url), one(c.issuer)], " — ")}${c.date ? ` (${date(c.date)})` : ""}`,
  );
  const awards = (doc.awards ?? []).map((a) =>
    block(
      `### ${joined([one(a.title), one(a.awarder)], " — ") || "Award"}`,
      date(a.date),
      ...paragraphs(a.summary),
    ),
  );
  const publications = (doc.publications ?? []).map((p) =>
    block(
      `### ${joined([link(p.name ?? "Publication", p.url), one(p.publisher)], " — ")}`,
      date(p.releaseDate),
      ...paragraphs(p.summary),
    ),
  );
  const languages = (doc.languages ?? []).map(
    (l) => `- ${one(l.language)}${l.fluency ? ` (${one(l.fluency)})` : ""}`,
  );
  const interests = (doc.interests ?? []).map(
    (i) => `- ${joined([one(i.name), (i.keywords ?? []).map(one).join(", ")], ": ")}`,
  );
  const references = (doc.references ?? []).map((r) =>
    block(`### ${one(r.name) || "Reference"}`, ...paragraphs(r.reference)),
  );
  const extra = (doc.meta?.sections ?? []).map(
    (s): Section => [one(s.name) || "Other", [escapeMarkdown(s.content ?? "")]],
  );
  return [
    ["Summary", paragraphs(doc.basics?.summary)],
    ["Experience", work],
    ["Education", education],
    ["Skills", skills.length ? [skills.join("\n")] : []],
    ["Projects", projects],
    ["Certifications", certificates.length ? [certificates.join("\n")] : []],
    ["Awards", awards],
    ["Publications", publications],
    ["Volunteer", volunteer],
    ["Languages", languages.length ? [languages.join("\n")] : []],
    ["Interests", interests.length ? [interests.join("\n")] : []],
    ["References", references],
    ...extra,
  ];
}

/**
 * A JSON Resume document as the Markdown resume the export reads back: H1 the name, the label and
 * a contact line under it, an H2 per section, an H3 per entry, bullets for highlights. Text is
 * escaped, links are http(s) or mailto only.
 */
export function jsonResumeToMarkdown(doc: JsonResume): string {
  const b = doc.basics ?? {};
  const head = block(b.name ? `# ${one(b.name)}` : undefined, one(b.label), contacts(b));
  const body = sections(doc)
    .filter(([, parts]) => parts.some((p) => p.trim()))
    .map(([title, parts]) => block(`## ${title}`, ...parts));
  // Without a final newline: the API trims what it stores (DRF's CharField).
  return block(head, ...body);
}

/** An imported resume's title: "Name (Label)", "Name", or "Imported Resume"; at most 255 characters. */
export function jsonResumeTitle(doc: JsonResume): string {
  const clean = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim();
  const name = clean(doc.basics?.name);
  const label = clean(doc.basics?.label);
  const title = name && label ? `${name} (${label})` : name || "Imported Resume";
  return clipChars(title, 255);
}
