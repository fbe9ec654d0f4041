import { describe, expect, it } from "vitest";
import { parsePosting } from "../../src/posting-intake/intake";
import { findJobPosting, postingFields } from "../../src/posting-intake/jsonld";
import { htmlToText, scanPage } from "../../src/posting-intake/scan-page";

const ldPage = (data: unknown, body = "<p>Body</p>") =>
  `<html><head><script type="application/ld+json">${typeof data === "string" ? data : JSON.stringify(data)}</script></head><body>${body}</body></html>`;

describe("scanPage / htmlToText", () => {
  it("never lets script, style, template or svg content into the text", () => {
    const text = htmlToText(
      `<p>a</p><script>evil()</script><style>p{}</style><template><p>t</p></template><svg><text>s</text></svg><noscript>n</noscript><p>b</p>`,
    );
    expect(text).toBe("a\n\nb");
  });

  it("decodes entities and keeps lists and line breaks", () => {
    expect(htmlToText("<p>R&amp;D&nbsp;team</p><ul><li>One</li><li>Two</li></ul>x<br>y")).toBe(
      "R&D team\n\n- One\n- Two\n\nx\ny",
    );
  });

  it("reads meta tags, <title>, the first <h1> and the canonical link", () => {
    const page = scanPage(
      `<head><title> A  job </title><meta name="Description" content="d"><meta property="og:title" content="o"><link rel="canonical" href="https://x.example/j"></head><body><h1>First <i>one</i></h1><h1>Second</h1></body>`,
    );
    expect(page.title).toBe("A job");
    expect(page.h1).toBe("First one");
    expect(page.meta.get("description")).toBe("d");
    expect(page.meta.get("og:title")).toBe("o");
    expect(page.canonical).toBe("https://x.example/j");
  });

  it("survives broken markup", () => {
    expect(htmlToText("<div><p>open <b>bold</div> tail <script>x")).toBe("open bold\n\ntail");
  });
});

describe("JSON-LD JobPosting", () => {
  it("is found at the top level, in lists, in @graph, with @type as a list; bad blocks are skipped", () => {
    const posting = { "@type": ["Thing", "JobPosting"], title: "T" };
    expect(findJobPosting([JSON.stringify(posting)])?.title).toBe("T");
    expect(findJobPosting([JSON.stringify([{ "@type": "Organization" }, posting])])?.title).toBe(
      "T",
    );
    expect(findJobPosting(["{not json", JSON.stringify({ "@graph": [posting] })])?.title).toBe("T");
    expect(
      findJobPosting([JSON.stringify({ "@type": "schema:JobPosting", title: "U" })])?.title,
    ).toBe("U");
    expect(findJobPosting([JSON.stringify({ "@type": "Organization" })])).toBeNull();
  });

  it("follows `name` a few levels deep, never thousands (finding 9: a stack overflow)", () => {
    const named = (v: unknown, n: number): unknown => (n === 0 ? v : { name: named(v, n - 1) });
    const fields = postingFields({
      title: named("Engineer", 3),
      hiringOrganization: named("Acme", 8000),
      jobLocation: {
        address: { addressLocality: "Berlin", addressCountry: named("DE", 1) },
      },
    });
    expect(fields).toMatchObject({
      job_title: "Engineer",
      company_name: null,
      location: "Berlin, DE",
    });
  });

  it("turns salaries into a readable string, whatever their form", () => {
    const salary = (baseSalary: unknown) => postingFields({ baseSalary }).salary;
    expect(
      salary({ currency: "USD", value: { minValue: 120000, maxValue: 150000, unitText: "YEAR" } }),
    ).toBe("USD 120,000 - 150,000 per year");
    expect(salary({ currency: "EUR", value: { value: 45.5, unitText: "HOUR" } })).toBe(
      "EUR 45.5 per hour",
    );
    expect(salary({ currency: "GBP", value: 50000 })).toBe("GBP 50,000");
    expect(salary(70000)).toBe("70,000");
    expect(salary(undefined)).toBeNull();
  });

  it("joins locations, names remote work, takes organisations as strings or objects", () => {
    const f = postingFields({
      hiringOrganization: "Initech",
      jobLocation: [
        { address: { addressLocality: "Berlin", addressCountry: { name: "Germany" } } },
        { address: "Paris, France" },
      ],
      jobLocationType: "TELECOMMUTE",
    });
    expect(f.company_name).toBe("Initech");
    expect(f.location).toBe("Berlin, Germany; Paris, France; Remote");
  });
});

describe("parsePosting", () => {
  it("cuts a long field at 255 characters without splitting one (an emoji stays whole)", () => {
    const title = `${"A".repeat(254)}\u{1F600}${"B".repeat(10)}`;
    const draft = parsePosting({ html: `<h1>${title}</h1><p>x</p>` });
    expect(draft.job_title).toBe(`${"A".repeat(254)}\u{1F600}`);
    expect(Array.from(draft.job_title ?? "")).toHaveLength(255);
  });

  it("prefers the JobPosting over the page's headings", () => {
    const draft = parsePosting({
      html: ldPage(
        { "@type": "JobPosting", title: "From LD", hiringOrganization: { name: "LD Co" } },
        "<h1>From h1</h1><p>text</p>",
      ),
    });
    expect(draft.job_title).toBe("From LD");
    expect(draft.company_name).toBe("LD Co");
    expect(draft.original_job_description).toBe("From h1\n\ntext");
  });

  it("falls back from h1 to og:title to <title> (its site suffix dropped)", () => {
    const og = parsePosting({ html: `<meta property="og:title" content="OG title"><p>x</p>` });
    expect(og.job_title).toBe("OG title");
    const title = parsePosting({ html: "<title>Data Engineer - Globex | Careers</title><p>x</p>" });
    expect(title.job_title).toBe("Data Engineer");
  });

  it("uses the meta description when the page has no text", () => {
    const d = parsePosting({
      html: `<head><meta name="description" content="Short posting"></head>`,
    });
    expect(d.original_job_description).toBe("Short posting");
  });

  it("keeps the given source_url, else the page's, and only http(s)", () => {
    const page = `<meta property="og:url" content="https://page.example/1"><p>x</p>`;
    expect(parsePosting({ html: page, source_url: "https://given.example/" }).source_url).toBe(
      "https://given.example/",
    );
    expect(parsePosting({ html: page }).source_url).toBe("https://page.example/1");
    const js = `<meta property="og:url" content="javascript:alert(1)"><p>x</p>`;
    expect(parsePosting({ html: js }).source_url).toBeNull();
  });

  it("reads text: labels anywhere, 'Title at Company', a salary amount in prose", () => {
    expect(
      parsePosting({ text: "Platform engineer\nCompany: Hooli\nWe pay $120k-$140k a year." }),
    ).toEqual({
      job_title: "Platform engineer",
      company_name: "Hooli",
      original_job_description: "Platform engineer\nCompany: Hooli\nWe pay $120k-$140k a year.",
      location: null,
      salary: "$120k-$140k a year",
      source_url: null,
    });
    const at = parsePosting({ text: "## Staff Engineer @ Umbrella Corp\n\n**Location:** Remote" });
    expect(at).toMatchObject({
      job_title: "Staff Engineer",
      company_name: "Umbrella Corp",
      location: "Remote",
    });
    const labelled = parsePosting({ text: "Job title: QA Lead\nEmployer - Vandelay" });
    expect(labelled).toMatchObject({ job_title: "QA Lead", company_name: "Vandelay" });
  });

  it("is deterministic", () => {
    const html = ldPage({ "@type": "JobPosting", title: "X", description: "<p>d</p>" });
    expect(parsePosting({ html })).toEqual(parsePosting({ html }));
  });
});
