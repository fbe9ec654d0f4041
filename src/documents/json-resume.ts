import * as s from "./json-resume-sections";
import type { Block, Run } from "./markdown";
import { asUrl, isEmail, isPhone, keywords, profileOf, tidy } from "./resume-fields";
import { type Entry, type Outline, outline, type Section } from "./resume-outline";

export const JSON_RESUME_SCHEMA =
  "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

type Item = Record<string, unknown>;
type Kind = keyof typeof SECTIONS;

/** H2 titles (lower case, letters only) and the JSON Resume key each one fills. */
const ALIASES: Record<string, Kind> = {};
const SECTIONS = {
  summary: [
    "summary",
    "profile",
    "about",
    "aboutme",
    "professionalsummary",
    "objective",
    "careerobjective",
    "overview",
  ],
  work: [
    "experience",
    "work",
    "employment",
    "workexperience",
    "professionalexperience",
    "employmenthistory",
    "workhistory",
    "career",
  ],
  education: ["education", "academicbackground", "educationandtraining"],
  skills: [
    "skills",
    "technicalskills",
    "coreskills",
    "competencies",
    "corecompetencies",
    "technologies",
    "techstack",
    "skillset",
    "tools",
  ],
  projects: ["projects", "personalprojects", "sideprojects", "selectedprojects", "opensource"],
  languages: ["languages", "spokenlanguages"],
  certificates: [
    "certifications",
    "certificates",
    "licenses",
    "licensesandcertifications",
    "certificationsandlicenses",
  ],
  awards: ["awards", "honors", "honorsandawards", "awardsandhonors", "achievements"],
  volunteer: ["volunteer", "volunteering", "volunteerexperience", "volunteerwork"],
  publications: ["publications", "papers", "talks", "publicationsandtalks"],
  interests: ["interests", "hobbies", "hobbiesandinterests"],
  references: ["references", "testimonials"],
} as const;
for (const [kind, names] of Object.entries(SECTIONS))
  for (const n of names) ALIASES[n] = kind as Kind;

const kindOf = (name: string): Kind | undefined =>
  ALIASES[name.toLowerCase().replace(/[^a-z]/g, "")];

/**
 * A JSON Resume 1.0 document read from the resume's Markdown: the H1 is the name, a contact line
 * under it fills email/phone/url/location/profiles, the H2 sections map by title (Experience ->
 * work, ...). A section with an unknown title is kept as text in `meta.sections`, not dropped.
 */
export function toJsonResume(blocks: readonly Block[]): Item {
  const doc = outline(blocks);
  const out: Record<string, unknown> = { $schema: JSON_RESUME_SCHEMA, basics: basics(doc) };
  const extra: Array<{ name: string; content: string }> = [];
  for (const section of doc.sections) {
    const kind = kindOf(section.name);
    if (kind === "summary") continue;
    if (!kind) {
      extra.push({ name: section.name, content: sectionText(section) });
      continue;
    }
    const items = mapSection(kind, section);
    if (items.length > 0) out[kind] = [...((out[kind] as Item[] | undefined) ?? []), ...items];
  }
  out.meta = s.compact({ version: "v1.0.0", sections: extra });
  return out;
}

/** The sections whose entries are headed ("Title — Organisation", dates under it). */
const HEADED = {
  work: s.work,
  volunteer: s.volunteer,
  education: s.education,
  projects: s.project,
  awards: s.award,
  certificates: s.certificate,
  publications: s.publication,
} as const;

function mapSection(kind: Exclude<Kind, "summary">, section: Section): Item[] {
  switch (kind) {
    case "skills":
      return [...section.lines.flatMap(skillLine), ...section.entries.map(s.skill)];
    case "interests":
      return [...s.looseEntries(section), ...section.entries].map(s.interest);
    case "languages":
      return [...section.lines.flatMap((l) => keywords(l).map(asEntry)), ...section.entries].map(
        s.language,
      );
    case "references":
      return [...s.looseEntries(section), ...section.entries].map(s.reference);
    default:
      return s.dated(section, HEADED[kind]);
  }
}

const asEntry = (text: string): Entry => ({ heading: [{ text }], lines: [], bullets: [] });

/** A skills paragraph: "Backend: Go, SQL" is one skill; "Go, SQL" is a skill per word. */
function skillLine(line: string): Item[] {
  if (/^[^:]{1,60}:/.test(line)) return [s.skill(asEntry(line))];
  return keywords(line).map((name) => ({ name }));
}

function sectionText(section: Section): string {
  const entries = section.entries.flatMap((e) => [
    tidy(e.heading.map((r) => r.text).join("")),
    ...e.lines,
    ...e.bullets.map((b) => `- ${b}`),
  ]);
  return [...section.lines, ...entries].filter(Boolean).join("\n");
}

/** The name, the contact details and the summary. */
function basics(doc: Outline): Item {
  const out: Item = { name: doc.name };
  const profiles: Item[] = [];
  const loose: string[] = [];
  for (const paragraph of doc.preamble) {
    if (!readContacts(paragraph, out, profiles))
      loose.push(tidy(paragraph.map((r) => r.text).join("")));
  }
  const label = loose[0] && loose[0].length <= 80 ? loose.shift() : undefined;
  const summarySections = doc.sections
    .filter((sec) => kindOf(sec.name) === "summary")
    .map(sectionText);
  const summary = [...summarySections, ...loose].filter(Boolean).join("\n\n");
  return s.compact({ ...out, label, summary, profiles });
}

/** Reads one paragraph as a contact line; false when it holds no email, phone or link. */
function readContacts(runs: readonly Run[], out: Item, profiles: Item[]): boolean {
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
  if (found && rest[0] && rest[0].length <= 60 && !out.location) out.location = location(rest[0]);
  return found;
}

/** A paragraph cut at separators (|, ·, •, line breaks); a link is always one segment. */
function segments(runs: readonly Run[]): Array<{ text: string; href?: string }> {
  const out: Array<{ text: string; href?: string }> = [];
  for (const r of runs) {
    if (r.href) out.push({ text: r.text, href: r.href });
    else
      for (const text of r.text.split(/\s*[|·•⋅\n]\s*|\s{3,}/)) if (text.trim()) out.push({ text });
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
  return s.compact({ city: parts[0], region: parts.slice(1).join(", "), countryCode });
}
