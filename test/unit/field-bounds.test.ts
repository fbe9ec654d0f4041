import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/features/index";
import { fieldKey, textFields } from "../helpers/request-fields";

/**
 * Every text input has a documented bound (docs/LIMITS.md): a `maxLength` in the OpenAPI
 * document, a closed list of values, or a place on this list, which says what caps it instead.
 * A new string field without `maxLength` fails here until it gets one or is added below with
 * its reason; a field that gains a `maxLength` must leave the list (the list stays true).
 * test/helpers/stall-suite.ts sends the longest value of each of them through the real server.
 */
const PASSWORD = "a password: the 1 MiB body limit; hashed once (PBKDF2 hashes a long key first)";
const TOKEN = "a JWT: the 1 MiB body limit; split and verified, no pattern";
const DOCUMENT = "a Markdown document: the 1 MiB body limit; renders capped (docs/LIMITS.md)";
const POSTING = "a posting: the 1 MiB body limit; match and prompts capped (docs/LIMITS.md)";
const IMPORT = "JSON Resume: the 1 MiB body limit; the converted Markdown capped (docs/LIMITS.md)";
const STORED = "stored and shown as is: the 1 MiB body limit";
const ID = "a primary key (an integer or its digits): parsed as a number, no pattern";
const QUERY = "a query string: Node's 16 KiB header limit (431)";

const importFields = [
  "$schema",
  ...["name", "label", "image", "email", "phone", "url", "summary"].map((f) => `basics.${f}`),
  ...["address", "postalCode", "city", "countryCode", "region"].map((f) => `basics.location.${f}`),
  ...["network", "username", "url"].map((f) => `basics.profiles[].${f}`),
  ...["name", "location", "description", "position", "url", "startDate", "endDate", "summary"].map(
    (f) => `work[].${f}`,
  ),
  "work[].highlights[]",
  ...["organization", "position", "url", "startDate", "endDate", "summary"].map(
    (f) => `volunteer[].${f}`,
  ),
  "volunteer[].highlights[]",
  ...["institution", "url", "area", "studyType", "startDate", "endDate", "score"].map(
    (f) => `education[].${f}`,
  ),
  "education[].courses[]",
  ...["title", "date", "awarder", "summary"].map((f) => `awards[].${f}`),
  ...["name", "date", "url", "issuer"].map((f) => `certificates[].${f}`),
  ...["name", "publisher", "releaseDate", "url", "summary"].map((f) => `publications[].${f}`),
  ...["name", "level", "keywords[]"].map((f) => `skills[].${f}`),
  ...["language", "fluency"].map((f) => `languages[].${f}`),
  ...["name", "keywords[]"].map((f) => `interests[].${f}`),
  ...["name", "reference"].map((f) => `references[].${f}`),
  ...["name", "description", "highlights[]", "keywords[]", "startDate", "endDate", "url"].map(
    (f) => `projects[].${f}`,
  ),
  "meta.sections[].name",
  "meta.sections[].content",
];

const applicationFields = (op: string) => ({
  [`${op} body.original_job_description`]: POSTING,
  [`${op} body.date_applied`]: "a date: parsed by one anchored YYYY-MM-DD pattern, body limit",
  [`${op} body.notes`]: STORED,
  [`${op} body.resume_used`]: ID,
});

const DIGITS = "an integer or its digits: the pattern bounds the length (core/integer-range.ts)";

const UNBOUNDED: Readonly<Record<string, string>> = {
  "register body.password": PASSWORD,
  "register body.password2": PASSWORD,
  "obtainToken body.username": "looked up by equality: the 1 MiB body limit",
  "obtainToken body.password": PASSWORD,
  "refreshToken body.refresh": TOKEN,
  "verifyToken body.token": TOKEN,
  "logout body.refresh": TOKEN,
  "deleteAccount body.password": PASSWORD,
  "changePassword body.old_password": PASSWORD,
  "changePassword body.new_password": PASSWORD,
  "changePassword body.new_password2": PASSWORD,
  ...Object.fromEntries(importFields.map((f) => [`importResume body.${f}`, IMPORT])),
  "createResume body.content": DOCUMENT,
  "replaceResume body.content": DOCUMENT,
  "updateResume body.content": DOCUMENT,
  "listJobApplications query.search": QUERY,
  "listJobApplications query.ordering": QUERY,
  "listJobApplications query.deleted": QUERY,
  "listJobApplications query.limit": QUERY,
  "listJobApplications query.offset": QUERY,
  ...applicationFields("createJobApplication"),
  ...applicationFields("replaceJobApplication"),
  ...applicationFields("updateJobApplication"),
  "matchJobApplication body.resume": ID,
  "tailorResume body.resume": ID,
  "writeCoverLetter body.resume": ID,
  "updateCoverLetter body.content": DOCUMENT,
  "generateResume body.user_input": POSTING,
  // A number, or a string of digits whose pattern admits only the numbers in range.
  "shareResume body.expires_in_days": DIGITS,
  "createPersonalToken body.expires_in_days": DIGITS,
  "adminCreateAiModel body.daily_limit": DIGITS,
  "adminReplaceAiModel body.daily_limit": DIGITS,
  "adminUpdateAiModel body.daily_limit": DIGITS,
  "importJobApplications body.":
    "a CSV file: the 1 MiB body limit; at most 500 rows, a record at most 200,000 characters",
  "importJobApplications query.dry_run": QUERY,
  "exportJobApplications query.search": QUERY,
  "exportJobApplications query.ordering": QUERY,
  "exportJobApplications query.deleted": QUERY,
  "exportJobApplications query.limit": QUERY,
  "exportJobApplications query.offset": QUERY,
  "scheduleInterview body.duration_minutes": DIGITS,
  "replaceInterview body.duration_minutes": DIGITS,
  "updateInterview body.duration_minutes": DIGITS,
  "listContacts query.search": QUERY,
};

describe("every text input of the API is bounded", () => {
  const fields = textFields(openApiDocument());

  it("finds the documented fields, with their maxLength (the walker sees the document)", () => {
    const find = (key: string) => fields.find((f) => fieldKey(f) === key);
    expect(find("createResume body.title")).toMatchObject({ maxLength: 255, choices: false });
    expect(find("intakeJobPosting body.html")).toMatchObject({ maxLength: 500_000 });
    expect(find("exportResume query.format")).toMatchObject({ choices: true });
    expect(find("importResume body.meta.sections[].content")).toMatchObject({ where: "body" });
    expect(fields.length).toBeGreaterThan(150);
  });

  it("has a maxLength or a closed list of values, or is on the list of what caps it instead", () => {
    const unbounded = fields.filter((f) => !f.choices && f.maxLength === undefined).map(fieldKey);
    const missing = unbounded.filter((key) => !(key in UNBOUNDED));
    const stale = Object.keys(UNBOUNDED).filter((key) => !unbounded.includes(key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});
