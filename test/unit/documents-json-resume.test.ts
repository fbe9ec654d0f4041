import { describe, expect, it } from "vitest";
import { renderDocument } from "../../src/documents/export";
import { extractDates, isoDate, splitTitle } from "../../src/documents/resume-fields";
import { jsonResumeErrors, twoPageResume } from "../helpers/documents";

const jsonResume = async (content: string) => {
  const out = await renderDocument({ title: "CV", content }, "json");
  expect(out.contentType).toBe("application/json");
  expect(out.filename).toBe("CV.json");
  const doc = JSON.parse(out.body as string);
  expect(await jsonResumeErrors(doc)).toEqual([]);
  return doc;
};

describe("JSON Resume export", () => {
  it("reads the 2-page resume into a valid JSON Resume 1.0 document", async () => {
    const doc = await jsonResume(twoPageResume());
    expect(doc.$schema).toBe(
      "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    );
    expect(doc.basics).toEqual({
      name: "Alice Müller",
      label: "Senior Backend Engineer",
      email: "alice@example.com",
      phone: "+49 30 1234 5678",
      url: "https://alice.dev",
      location: { city: "Berlin", region: "Germany" },
      summary: expect.stringMatching(
        /^Backend engineer with 9 years of experience .* without downtime\.$/,
      ),
      profiles: [
        { network: "GitHub", username: "alicem", url: "https://github.com/alicem" },
        {
          network: "LinkedIn",
          username: "alice-mueller",
          url: "https://www.linkedin.com/in/alice-mueller",
        },
      ],
    });
    expect(
      doc.work.map((w: Record<string, unknown>) => [
        w.position,
        w.name,
        w.startDate,
        w.endDate,
        w.location,
      ]),
    ).toEqual([
      ["Senior Backend Engineer", "Acme Payments GmbH", "2021-01", undefined, "Berlin"],
      ["Backend Engineer", "Shopwise", "2018-03", "2020-12", "Hamburg"],
      ["Software Developer", "Datalytics", "2016", "2018", undefined],
    ]);
    expect(doc.work[0].summary).toBe(
      "Payments platform team (8 engineers); owner of the ledger and the settlement services.",
    );
    expect(doc.work[0].highlights).toHaveLength(7);
    expect(doc.work[0].highlights[5]).toBe(
      "Ran the backend guild and the weekly architecture review.",
    );
    expect(doc.education[0]).toMatchObject({
      institution: "Technische Universität Berlin",
      studyType: "M.Sc.",
      area: "Computer Science",
      startDate: "2014",
      endDate: "2016",
    });
    expect(doc.skills[0]).toEqual({
      name: "Languages",
      keywords: ["TypeScript", "Go", "Python", "SQL", "Bash"],
    });
    expect(doc.projects[0]).toMatchObject({
      name: "pg-ledger",
      url: "https://github.com/alicem/pg-ledger",
      startDate: "2022",
    });
    expect(doc.certificates).toEqual([
      { name: "Certified Kubernetes Administrator (CKA)", issuer: "CNCF", date: "2022" },
      {
        name: "AWS Certified Solutions Architect – Associate",
        issuer: "Amazon Web Services",
        date: "2020",
      },
    ]);
    expect(doc.languages).toEqual([
      { language: "German", fluency: "native" },
      { language: "English", fluency: "C2, fluent" },
    ]);
    expect(doc.awards).toEqual([
      {
        title: "Hackathon winner",
        awarder: "Berlin Fintech Week",
        date: "2019",
        summary: "Built a real-time fraud detector prototype in 24 hours with a team of three.",
      },
    ]);
    expect(doc.volunteer[0]).toMatchObject({
      organization: "Rails Girls Berlin",
      position: "Coach",
      startDate: "2017",
      endDate: "2020",
    });
    expect(doc.interests).toEqual([
      { name: "Cycling", keywords: ["long-distance", "bikepacking"] },
    ]);
    expect(doc.meta).toEqual({ version: "v1.0.0" });
  });

  it("keeps sections it does not know in meta.sections, as text", async () => {
    const doc = await jsonResume(
      "# Bo\n\n## Hobby Robots\n\nI build robots.\n\n- Line follower\n\n### Big one\n\nSumo class.",
    );
    expect(doc.meta.sections).toEqual([
      { name: "Hobby Robots", content: "I build robots.\nLine follower\nBig one\nSumo class." },
    ]);
  });

  it("turns empty or odd content into a valid document, never a throw", async () => {
    expect(await jsonResume("")).toEqual({
      $schema: expect.any(String),
      basics: {},
      meta: { version: "v1.0.0" },
    });
    const odd = await jsonResume(
      "## Experience\n\n- Engineer at Foo (13/2020 - 99/2021)\n\n## Skills\n\nGo, SQL\n\n## Education\n\nnot-an-email@ | javascript:alert(1)",
    );
    expect(odd.basics).toEqual({});
    // An impossible month keeps the year.
    expect(odd.work).toEqual([
      { position: "Engineer", name: "Foo", startDate: "2020", endDate: "2021" },
    ]);
    expect(odd.education).toBeUndefined();
    expect(odd.skills).toEqual([{ name: "Go" }, { name: "SQL" }]);
  });

  it("reads a contact line that starts with a title and a place (label, then city)", async () => {
    const doc = await jsonResume(
      "# Ann Lee\n\nBackend engineer · Berlin · ann@example.com · https://annlee.dev",
    );
    expect(doc.basics).toEqual({
      name: "Ann Lee",
      label: "Backend engineer",
      location: { city: "Berlin" },
      email: "ann@example.com",
      url: "https://annlee.dev",
    });
    // A title paragraph of its own stays the label; the line's first part is then the place.
    const two = await jsonResume(
      "# Ann Lee\n\nStaff Engineer\n\nBerlin, Germany | ann@example.com",
    );
    expect(two.basics).toMatchObject({
      label: "Staff Engineer",
      location: { city: "Berlin", region: "Germany" },
    });
  });

  it("reads a comma-separated skills bullet as one skill per item", async () => {
    const doc = await jsonResume(
      "# Ann\n\n## Skills\n\n- TypeScript, Node.js, Hono, PostgreSQL, Redis, Kubernetes\n- Backend: Go, SQL\n- Rust",
    );
    expect(doc.skills).toEqual([
      { name: "TypeScript" },
      { name: "Node.js" },
      { name: "Hono" },
      { name: "PostgreSQL" },
      { name: "Redis" },
      { name: "Kubernetes" },
      { name: "Backend", keywords: ["Go", "SQL"] },
      { name: "Rust" },
    ]);
  });

  it("reads dates and titles the way resumes write them", () => {
    expect(
      [
        "Jan 2020",
        "January 2020",
        "Sept. 2019",
        "01/2020",
        "2020-01",
        "2020-01-15",
        "2020",
        "1/2020",
      ].map(isoDate),
    ).toEqual([
      "2020-01",
      "2020-01",
      "2019-09",
      "2020-01",
      "2020-01",
      "2020-01-15",
      "2020",
      "2020-01",
    ]);
    expect(extractDates("Jan 2020 - Present · Berlin")).toEqual({
      rest: "Berlin",
      startDate: "2020-01",
      endDate: undefined,
    });
    expect(extractDates("(2019–2021)")).toEqual({ rest: "", startDate: "2019", endDate: "2021" });
    expect(extractDates("Graduated 2016")).toEqual({ rest: "Graduated", date: "2016" });
    expect(splitTitle("Senior Engineer at Acme")).toEqual(["Senior Engineer", "Acme"]);
    expect(splitTitle("Engineer, Acme")).toEqual(["Engineer", "Acme"]);
    expect(splitTitle("Engineer — Acme, Berlin")).toEqual(["Engineer", "Acme, Berlin"]);
    expect(splitTitle("Engineer")).toEqual(["Engineer", undefined]);
  });
});
