import * as z from "zod";
import { charField, choiceField, MSG } from "../../../core/fields";
import { pythonTypeName } from "../../../core/json-body";
import { EXPORT_FORMATS } from "../../../documents/formats";

/** `?format=`: the file to answer; Markdown as stored when absent. */
export const exportQuerySchema = z.object({
  format: choiceField(EXPORT_FORMATS).default("md"),
});

/** DRF quotes Python's type name (`int`, `bool`, `list`), not JavaScript's. */
const kind = (v: unknown) => pythonTypeName(v);

/** A nested object with DRF's message when something else came. */
const dict = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.looseObject(shape, {
    error: (iss) =>
      iss.input === undefined
        ? MSG.required
        : `Invalid data. Expected a dictionary, but got ${kind(iss.input)}.`,
  });
const list = <T extends z.ZodType>(item: T) =>
  z.array(item, { error: (iss) => `Expected a list of items but got type "${kind(iss.input)}".` });

const text = charField({ allowBlank: true }).optional();
const texts = list(charField({ allowBlank: true })).optional();
const dated = { startDate: text, endDate: text };
const role = { position: text, url: text, ...dated, summary: text, highlights: texts };

/**
 * A JSON Resume 1.0 document (https://jsonresume.org/schema): the body of an import and the
 * answer of a `json` export. Every field is optional, as in the schema; unknown keys are kept.
 */
export const jsonResumeSchema = dict({
  $schema: text,
  basics: dict({
    name: text,
    label: text,
    image: text,
    email: text,
    phone: text,
    url: text,
    summary: text,
    location: dict({
      address: text,
      postalCode: text,
      city: text,
      countryCode: text,
      region: text,
    }).optional(),
    profiles: list(dict({ network: text, username: text, url: text })).optional(),
  }).optional(),
  work: list(dict({ name: text, location: text, description: text, ...role })).optional(),
  volunteer: list(dict({ organization: text, ...role })).optional(),
  education: list(
    dict({
      institution: text,
      url: text,
      area: text,
      studyType: text,
      ...dated,
      score: text,
      courses: texts,
    }),
  ).optional(),
  awards: list(dict({ title: text, date: text, awarder: text, summary: text })).optional(),
  certificates: list(dict({ name: text, date: text, url: text, issuer: text })).optional(),
  publications: list(
    dict({ name: text, publisher: text, releaseDate: text, url: text, summary: text }),
  ).optional(),
  skills: list(dict({ name: text, level: text, keywords: texts })).optional(),
  languages: list(dict({ language: text, fluency: text })).optional(),
  interests: list(dict({ name: text, keywords: texts })).optional(),
  references: list(dict({ name: text, reference: text })).optional(),
  projects: list(
    dict({
      name: text,
      description: text,
      highlights: texts,
      keywords: texts,
      ...dated,
      url: text,
    }),
  ).optional(),
  meta: dict({ sections: list(dict({ name: text, content: text })).optional() }).optional(),
});
export type JsonResumeInput = z.output<typeof jsonResumeSchema>;

const has = (key: string, schema: Record<string, unknown>) => ({
  required: [key],
  properties: { [key]: schema },
});
const someText = (...keys: string[]) => ({
  anyOf: keys.map((k) => has(k, { type: "string", pattern: "\\S" })),
});
const SECTIONS = [
  "work",
  "volunteer",
  "education",
  "awards",
  "certificates",
  "publications",
  "skills",
  "languages",
  "interests",
  "references",
  "projects",
];

/**
 * The import's body: a document that writes no Markdown (no name, contact or section) is refused
 * (400, by the service), which the document says as "at least one of these".
 */
export const importResumeSchema = jsonResumeSchema.meta({
  jsonSchemaAlso: {
    anyOf: [
      has("basics", {
        anyOf: [
          someText("name", "label", "email", "phone", "url", "summary"),
          has("location", someText("city", "region", "countryCode")),
          has("profiles", { contains: someText("url", "network", "username") }),
        ],
      }),
      ...SECTIONS.map((k) => has(k, { minItems: 1 })),
      has("meta", has("sections", { contains: someText("content") })),
    ],
  },
});
