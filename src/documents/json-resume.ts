import { basics } from "./json-resume-basics";
import * as s from "./json-resume-sections";
import { type Block, plainText } from "./markdown";
import { keywords, tidy } from "./resume-fields";
import { type Entry, outline, type Section } from "./resume-outline";

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
  const summaries = doc.sections.filter((sec) => kindOf(sec.name) === "summary").map(sectionText);
  const out: Item = { $schema: JSON_RESUME_SCHEMA, basics: basics(doc, summaries) };
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
      return [...section.lines.map(asEntry), ...section.entries].flatMap(skills);
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

/**
 * A skills paragraph or bullet: "Backend: Go, SQL" is one skill with keywords; "Go, SQL" is a
 * skill per item, as themes show a list of skills (an entry's `name` is its heading, so one
 * entry holding the whole line would show it as one long skill name).
 */
function skills(entry: Entry): Item[] {
  const text = plainText(entry.heading);
  const items = keywords(text);
  const named = entry.lines.length > 0 || entry.bullets.length > 0 || /^[^:]{1,60}:/.test(text);
  if (named || items.length === 1) return [s.skill(entry)];
  return items.map((item) => s.skill(asEntry(item)));
}

function sectionText(section: Section): string {
  const entries = section.entries.flatMap((e) => [
    tidy(e.heading.map((r) => r.text).join("")),
    ...e.lines,
    ...e.bullets.map((b) => `- ${b}`),
  ]);
  return [...section.lines, ...entries].filter(Boolean).join("\n");
}
