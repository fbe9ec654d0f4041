import { plainText } from "./markdown";
import {
  type Dated,
  extractDates,
  keywords,
  nameAndQualifier,
  splitTitle,
  tidy,
} from "./resume-fields";
import { type Entry, firstHref, type Section } from "./resume-outline";

type Item = Record<string, unknown>;

/** An entry's heading split into its two parts and dates, and its lines apart from a date line. */
interface ReadEntry extends Dated {
  readonly first: string;
  readonly second?: string;
  readonly url?: string;
  /** What was left of the date line (a location, or the organisation under a bare title). */
  readonly dateLine?: string;
  readonly text: string[];
  readonly bullets: string[];
}

function readEntry(entry: Entry): ReadEntry {
  const heading = extractDates(plainText(entry.heading));
  const [first, second] = splitTitle(heading.rest);
  let dates: Dated = heading;
  let dateLine: string | undefined;
  const text: string[] = [];
  for (const line of entry.lines) {
    const found = line.length <= 100 && !hasDates(dates) ? extractDates(line) : undefined;
    if (found && hasDates(found)) {
      dates = found;
      dateLine = found.rest || undefined;
    } else text.push(line);
  }
  const { startDate, endDate, date } = dates;
  return {
    rest: heading.rest,
    first,
    second,
    startDate,
    endDate,
    date,
    url: firstHref(entry.heading),
    dateLine,
    text,
    bullets: entry.bullets,
  };
}

const hasDates = (d: Dated) => !!(d.startDate || d.endDate || d.date);

/** Drops undefined, empty strings and empty lists, so the document holds only what was found. */
export function compact<T extends Item>(item: T): T {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) {
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as T;
}

const paragraphs = (lines: readonly string[]) => lines.join("\n\n") || undefined;

const period = (e: ReadEntry, lone: "startDate" | "endDate") => ({
  startDate: e.startDate ?? (lone === "startDate" ? e.date : undefined),
  endDate: e.endDate ?? (lone === "endDate" ? e.date : undefined),
});

export function work(e: ReadEntry): Item {
  const name = e.second ?? (e.dateLine && e.first ? splitTitle(e.dateLine)[0] : e.first);
  const location = e.second ? e.dateLine : e.dateLine ? splitTitle(e.dateLine)[1] : undefined;
  const position = e.second || e.dateLine ? e.first : undefined;
  return compact({
    name,
    position,
    location,
    url: e.url,
    ...period(e, "startDate"),
    summary: paragraphs(e.text),
    highlights: e.bullets,
  });
}

export function volunteer(e: ReadEntry): Item {
  const w = work(e);
  return compact({
    organization: w.name,
    position: w.position,
    url: e.url,
    ...period(e, "startDate"),
    summary: w.summary,
    highlights: e.bullets,
  });
}

const SCHOOL =
  /universit|college|school|institut|academy|polytechnic|hochschule|\bTU\b|\bMIT\b|\bETH\b/i;
const DEGREE =
  /^(b\.?\s?sc|m\.?\s?sc|b\.?\s?a\b|m\.?\s?a\b|b\.?\s?s\b|m\.?\s?s\b|b\.?\s?eng|m\.?\s?eng|bachelor|master|ph\.?\s?d|mba|diplom|associate|doctor|certificate|a-levels|abitur|high school diploma)/i;

export function education(e: ReadEntry): Item {
  const [degree, institution] =
    e.second && SCHOOL.test(e.first) && !SCHOOL.test(e.second)
      ? [e.second, e.first]
      : e.second
        ? [e.first, e.second]
        : SCHOOL.test(e.first) || !DEGREE.test(e.first)
          ? [undefined, e.first]
          : [e.first, e.dateLine];
  const study = degree ? studyIn(degree) : undefined;
  const [studyType, area] = study
    ? study
    : degree && DEGREE.test(degree)
      ? [degree, undefined]
      : [undefined, degree];
  const lines = [...e.text, ...e.bullets];
  const score = lines.find((l) => /\b(gpa|grade|score|cgpa)\b/i.test(l));
  return compact({
    institution,
    url: e.url,
    area,
    studyType,
    ...period(e, "endDate"),
    score: score?.replace(/^score:\s*/i, ""),
    courses: lines.filter((l) => l !== score),
  });
}

/**
 * "M.Sc. in Computer Science" (one tidied line): the type and the area, split at the first " in "
 * or " of ". The lookbehind tries a run of spaces only where it starts (`^(.*?)\s+` was quadratic).
 */
function studyIn(degree: string): [string, string] | undefined {
  const m = /(?<!\s)\s+(?:in|of)\s+/i.exec(degree);
  return m ? [degree.slice(0, m.index), degree.slice(m.index + m[0].length)] : undefined;
}

export function project(e: ReadEntry): Item {
  const listed = e.text.find((l) => /^keywords:/i.test(l));
  const description = [e.second, ...e.text.filter((l) => l !== listed)].filter(Boolean);
  return compact({
    name: e.first,
    description: description.join("\n\n"),
    url: e.url,
    ...period(e, "startDate"),
    highlights: e.bullets,
    keywords: listed ? keywords(listed.replace(/^keywords:\s*/i, "")) : [],
  });
}

export const award = (e: ReadEntry): Item =>
  compact({
    title: e.first,
    date: e.date ?? e.endDate ?? e.startDate,
    awarder: e.second ?? e.dateLine,
    summary: paragraphs([...e.text, ...e.bullets]),
  });

export const certificate = (e: ReadEntry): Item =>
  compact({
    name: e.first,
    date: e.date ?? e.endDate ?? e.startDate,
    url: e.url,
    issuer: e.second ?? e.dateLine,
  });

export const publication = (e: ReadEntry): Item =>
  compact({
    name: e.first,
    publisher: e.second ?? e.dateLine,
    releaseDate: e.date ?? e.endDate ?? e.startDate,
    url: e.url,
    summary: paragraphs([...e.text, ...e.bullets]),
  });

/** A name with its keywords: "Backend: Go, SQL", or an H3 with the keywords under it. */
function named(entry: Entry): { name: string; qualifier?: string; keywords: string[] } {
  const head = plainText(entry.heading);
  const body = [...entry.lines, ...entry.bullets];
  // `\S` after `\s*`: the two cannot trade spaces (`:\s*(.*)$` was quadratic on them).
  const colon = /^([^:]{1,60}):\s*(\S.*)?$/.exec(head);
  const [name, qualifier] = nameAndQualifier(colon ? (colon[1] ?? "") : head);
  const words = [...(colon ? keywords(colon[2] ?? "") : []), ...body.flatMap(keywords)];
  return qualifier === undefined ? { name, keywords: words } : { name, qualifier, keywords: words };
}

export function skill(entry: Entry): Item {
  const n = named(entry);
  return compact({ name: n.name, level: n.qualifier, keywords: n.keywords });
}

export function interest(entry: Entry): Item {
  const n = named(entry);
  return compact({ name: n.name, keywords: n.keywords });
}

export function language(entry: Entry): Item {
  const [name, fluency] = nameAndQualifier(plainText(entry.heading));
  return compact({ language: name, fluency: fluency ?? entry.lines[0] });
}

export function reference(entry: Entry): Item {
  const head = tidy(plainText(entry.heading));
  if (entry.lines.length > 0 || entry.bullets.length > 0)
    return compact({ name: head, reference: paragraphs([...entry.lines, ...entry.bullets]) });
  const [name, text] = nameAndQualifier(head);
  return compact({ name: text ? name : undefined, reference: text ?? name });
}

/** A section's lines outside any entry, as entries of their own (a skills line "Go, SQL"...). */
export const looseEntries = (section: Section): Entry[] =>
  section.lines.map((line) => ({ heading: [{ text: line }], lines: [], bullets: [] }));

export const dated = (section: Section, map: (e: ReadEntry) => Item): Item[] =>
  section.entries
    .map(readEntry)
    .map(map)
    .filter((i) => Object.keys(i).length > 0);
