import type { JsonResume, JsonResumeBasics, JsonResumeRole } from "./json-resume-types";

/**
 * The part of a JSON Resume document that an import reads, copied field by field: what the
 * render cap counts (an embedded photo or a tool's own keys are not written, so they do not
 * count) and what is handed to the converter, possibly on another thread. Unknown keys may nest
 * as deep as a 1 MB body allows, which neither structured clone nor a recursive count survives.
 * A field the converter (json-resume-markdown.ts) starts to read must be added here.
 */
export function importedPart(doc: JsonResume): JsonResume {
  return {
    basics: doc.basics && basics(doc.basics),
    work: doc.work?.map(role),
    volunteer: doc.volunteer?.map(role),
    education: doc.education?.map((e) => ({
      institution: e.institution,
      url: e.url,
      area: e.area,
      studyType: e.studyType,
      startDate: e.startDate,
      endDate: e.endDate,
      score: e.score,
      courses: e.courses && [...e.courses],
    })),
    awards: doc.awards?.map(({ title, date, awarder, summary }) => ({
      title,
      date,
      awarder,
      summary,
    })),
    certificates: doc.certificates?.map(({ name, date, url, issuer }) => ({
      name,
      date,
      url,
      issuer,
    })),
    publications: doc.publications?.map(({ name, publisher, releaseDate, url, summary }) => ({
      name,
      publisher,
      releaseDate,
      url,
      summary,
    })),
    skills: doc.skills?.map(({ name, level, keywords }) => ({
      name,
      level,
      keywords: keywords && [...keywords],
    })),
    languages: doc.languages?.map(({ language, fluency }) => ({ language, fluency })),
    interests: doc.interests?.map(({ name, keywords }) => ({
      name,
      keywords: keywords && [...keywords],
    })),
    references: doc.references?.map(({ name, reference }) => ({ name, reference })),
    projects: doc.projects?.map((p) => ({
      name: p.name,
      description: p.description,
      highlights: p.highlights && [...p.highlights],
      keywords: p.keywords && [...p.keywords],
      startDate: p.startDate,
      endDate: p.endDate,
      url: p.url,
    })),
    meta: doc.meta && {
      sections: doc.meta.sections?.map(({ name, content }) => ({ name, content })),
    },
  };
}

function basics(b: JsonResumeBasics): JsonResumeBasics {
  const { name, label, email, phone, url, summary, location } = b;
  return {
    name,
    label,
    email,
    phone,
    url,
    summary,
    location: location && {
      city: location.city,
      region: location.region,
      countryCode: location.countryCode,
    },
    profiles: b.profiles?.map(({ network, username, url }) => ({ network, username, url })),
  };
}

const role = (r: JsonResumeRole): JsonResumeRole => ({
  name: r.name,
  organization: r.organization,
  position: r.position,
  location: r.location,
  url: r.url,
  startDate: r.startDate,
  endDate: r.endDate,
  summary: r.summary,
  description: r.description,
  highlights: r.highlights && [...r.highlights],
});

/** Every string of a document (as `importedPart` returns it: a few levels deep at most). */
export function* textsOf(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const item of value) yield* textsOf(item);
  else if (value && typeof value === "object") {
    for (const item of Object.values(value)) yield* textsOf(item);
  }
}
