import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shareLink } from "../../src/db/schema";
import { createResume } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext({ env: { THROTTLE_ENABLED: "true", THROTTLE_LOGIN: "3/min" } });
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const NOT_FOUND = { detail: "Not found." };
const SHORT = "This password is too short. It must contain at least 8 characters.";
const COMMON = "This password is too common.";
const THROTTLED = {
  detail: expect.stringMatching(/^Request was throttled\. Expected available in \d+ seconds?\.$/),
};
type Share = { token: string; url: string; expires_at: string | null };

const MARKDOWN = [
  "# Zoë Example",
  "",
  "<script>document.title='pwned'</script>",
  "",
  '<img src=x onerror="document.title=1">',
  "",
  "[site](https://example.com) [bad](javascript:alert(1)) [rel](/api/resumes/)",
].join("\n");
/** The resume these tests share (raw HTML in it, which the page must show as text). */
const CV = { title: "Zoë's CV", content: MARKDOWN };

async function share(user: TestUser, id: number, json: Record<string, unknown> = {}) {
  const res = await t.request(`/api/resumes/${id}/share/`, {
    method: "POST",
    token: user.token,
    json,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Share;
}

const shared = (token: string, headers: Record<string, string> = {}, ip = "10.0.0.1") =>
  t.request(`/api/shared/${token}/`, { headers, ip });

describe("creating and revoking links", () => {
  it("201 with a 128-bit token, its absolute url and a 30-day expiry; only the hash is stored", async () => {
    const r = await createResume(t, alice, CV);
    const link = await share(alice, r.id);
    expect(link).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      url: `http://localhost/r/${link.token}`,
      expires_at: expect.stringMatching(/Z$/),
    });
    expect(Date.parse(link.expires_at ?? "") - t.clock.now()).toBe(30 * DAY);
    const [row] = await t.deps.database.db
      .select()
      .from(shareLink)
      .where(eq(shareLink.resumeId, r.id));
    expect(row?.tokenHash).toBe(createHash("sha256").update(link.token).digest("hex"));
    expect(row?.passwordHash).toBeNull();
    expect(JSON.stringify(row)).not.toContain(link.token);
  });

  it("PUBLIC_URL starts the url; null never expires; a password is stored in Django's format", async () => {
    const other = await createTestContext({ env: { PUBLIC_URL: "https://cv.example.com" } });
    try {
      const user = await createUserWithToken(other);
      const res = await other.request("/api/resumes/", {
        method: "POST",
        token: user.token,
        json: { title: "T", content: "c" },
      });
      const { id } = (await res.json()) as { id: number };
      const made = await other.request(`/api/resumes/${id}/share/`, {
        method: "POST",
        token: user.token,
        json: { expires_in_days: null, password: " Mulberry 42 " },
      });
      const link = (await made.json()) as Share;
      expect({ status: made.status, link }).toEqual({
        status: 201,
        link: {
          token: link.token,
          url: `https://cv.example.com/r/${link.token}`,
          expires_at: null,
        },
      });
      const [row] = await other.deps.database.db
        .select()
        .from(shareLink)
        .where(eq(shareLink.resumeId, id));
      expect(row?.passwordHash).toMatch(/^pbkdf2_sha256\$1000\$/);
      expect(row?.expiresAt).toBeNull();
    } finally {
      await other.close();
    }
  });

  it("validation errors are DRF's 400 and create nothing", async () => {
    const r = await createResume(t, alice, CV);
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [
        { expires_in_days: 0 },
        { expires_in_days: ["Ensure this value is greater than or equal to 1."] },
      ],
      [
        { expires_in_days: 366 },
        { expires_in_days: ["Ensure this value is less than or equal to 365."] },
      ],
      [{ expires_in_days: "soon" }, { expires_in_days: ["A valid integer is required."] }],
      [{ password: "" }, { password: ["This field may not be blank."] }],
      // Django's validators, in registration's wording (finding 10: " " and "a" were accepted).
      [{ password: " " }, { password: [SHORT] }],
      [{ password: "a" }, { password: [SHORT, COMMON] }],
      [{ password: "password" }, { password: [COMMON] }],
      [{ password: "98761234" }, { password: ["This password is entirely numeric."] }],
      [
        { password: "x".repeat(129) },
        { password: ["Ensure this field has no more than 128 characters."] },
      ],
    ];
    for (const [json, body] of cases) {
      const res = await t.request(`/api/resumes/${r.id}/share/`, {
        method: "POST",
        token: alice.token,
        json,
      });
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body });
    }
    const rows = await t.deps.database.db
      .select()
      .from(shareLink)
      .where(eq(shareLink.resumeId, r.id));
    expect(rows).toEqual([]);
  });

  it("a protected link costs a hash: creating one counts against the owner's password budget", async () => {
    const owner = await createUserWithToken(t);
    const r = await createResume(t, owner, CV);
    for (let i = 0; i < 3; i++) await share(owner, r.id, { password: "open sesame" });
    const over = await t.request(`/api/resumes/${r.id}/share/`, {
      method: "POST",
      token: owner.token,
      json: { password: "open sesame" },
    });
    expect({ status: over.status, body: await over.json() }).toEqual({
      status: 429,
      body: THROTTLED,
    });
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    // A link without a password costs no hash and is not counted.
    await share(owner, r.id);
    // One budget with the password checks (the login rate, per user).
    const change = await t.request("/api/auth/password/change/", {
      method: "POST",
      token: owner.token,
      json: { old_password: "x", new_password: "Mulberry 42 Lantern", new_password2: "x" },
    });
    expect({ status: change.status, body: await change.json() }).toEqual({
      status: 429,
      body: THROTTLED,
    });
    const rows = await t.deps.database.db
      .select()
      .from(shareLink)
      .where(eq(shareLink.resumeId, r.id));
    expect(rows).toHaveLength(4);
  });

  it("anonymous callers get 401; another user's resume is 404", async () => {
    const r = await createResume(t, alice, CV);
    for (const method of ["POST", "DELETE"]) {
      const anon = await t.request(`/api/resumes/${r.id}/share/`, { method, json: {} });
      expect({ status: anon.status, body: await anon.json() }).toEqual({
        status: 401,
        body: { detail: "Authentication credentials were not provided." },
      });
      const other = await t.request(`/api/resumes/${r.id}/share/`, {
        method,
        token: bob.token,
        json: {},
      });
      expect({ status: other.status, body: await other.json() }).toEqual({
        status: 404,
        body: NOT_FOUND,
      });
    }
  });

  it("DELETE revokes every link of the resume (404 from then on), and only that resume's", async () => {
    const r = await createResume(t, alice, CV);
    const keep = await createResume(t, alice, CV);
    const a = await share(alice, r.id);
    const b = await share(alice, r.id);
    const c = await share(alice, keep.id);
    const del = await t.request(`/api/resumes/${r.id}/share/`, {
      method: "DELETE",
      token: alice.token,
    });
    expect({ status: del.status, text: await del.text() }).toEqual({ status: 204, text: "" });
    for (const token of [a.token, b.token]) {
      const res = await shared(token);
      expect({ status: res.status, body: await res.json() }).toEqual({
        status: 404,
        body: NOT_FOUND,
      });
    }
    expect((await shared(c.token)).status).toBe(200);
  });
});

describe("GET /api/shared/{token}/", () => {
  it("answers the resume to anyone holding the token", async () => {
    const r = await createResume(t, alice, CV);
    const { token } = await share(alice, r.id, { expires_in_days: 1 });
    const res = await shared(token);
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 200,
      body: { title: "Zoë's CV", content: MARKDOWN, updated_at: r.updated_at },
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("unknown, malformed and expired tokens are 404", async () => {
    const r = await createResume(t, alice, CV);
    const { token } = await share(alice, r.id, { expires_in_days: 1 });
    const start = t.clock.now();
    try {
      t.clock.advance(DAY - 1);
      expect((await shared(token)).status).toBe(200);
      t.clock.advance(1);
      for (const tok of [token, "A".repeat(22), "short", "x".repeat(200)]) {
        const res = await shared(tok);
        expect({ tok, status: res.status, body: await res.json() }).toEqual({
          tok,
          status: 404,
          body: NOT_FOUND,
        });
      }
    } finally {
      t.clock.set(start);
    }
  });

  it("a protected link: 401 without or with a wrong password, 200 with it, 429 past the rate", async () => {
    const r = await createResume(t, alice, CV);
    const { token } = await share(alice, r.id, { password: "open sesame" });
    const none = await shared(token, {}, "10.0.1.1");
    expect({ status: none.status, body: await none.json() }).toEqual({
      status: 401,
      body: { detail: "This link needs its password.", code: "share_password_required" },
    });
    const wrong = await shared(token, { "X-Share-Password": "guess" }, "10.0.1.1");
    expect({ status: wrong.status, body: await wrong.json() }).toEqual({
      status: 401,
      body: { detail: "Incorrect password.", code: "share_password_incorrect" },
    });
    const right = await shared(token, { "X-Share-Password": "open sesame" }, "10.0.1.1");
    expect({ status: right.status, body: await right.json() }).toMatchObject({
      status: 200,
      body: { title: "Zoë's CV" },
    });
    // A request without a password is no attempt; with the third (3/min) spent, the next is refused.
    expect((await shared(token, { "X-Share-Password": "x" }, "10.0.1.1")).status).toBe(401);
    const over = await shared(token, { "X-Share-Password": "open sesame" }, "10.0.1.1");
    expect({ status: over.status, body: await over.json() }).toEqual({
      status: 429,
      body: {
        detail: expect.stringMatching(
          /^Request was throttled\. Expected available in \d+ seconds?\.$/,
        ),
      },
    });
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another IP has its own budget.
    const elsewhere = await shared(token, { "X-Share-Password": "open sesame" }, "10.0.1.2");
    expect(elsewhere.status).toBe(200);
  });

  it("guessing is limited per link over every IP, counting failures only; who knows the password gets in", async () => {
    const owner = await createUserWithToken(t);
    const r = await createResume(t, owner, CV);
    const { token } = await share(owner, r.id, { password: "open sesame" });
    const right = { "X-Share-Password": "open sesame" };
    const wrong = { "X-Share-Password": "guess" };
    // Right passwords are not counted: twenty viewers, more than the link's budget of 15.
    for (let i = 1; i <= 20; i++)
      expect((await shared(token, right, `10.0.8.${i}`)).status).toBe(200);
    // 3/min per IP, 15 failures/min per link: fifteen IPs guess once each and spend it ...
    for (let i = 1; i <= 15; i++)
      expect((await shared(token, wrong, `10.0.9.${i}`)).status).toBe(401);
    let hashes = 0;
    t.deps.hasher.onWebCrypto = () => hashes++;
    try {
      // ... after which an address that guessed wrong is refused before any hash ...
      const again = await shared(token, right, "10.0.9.1");
      expect({ status: again.status, body: await again.json(), hashes }).toEqual({
        status: 429,
        body: THROTTLED,
        hashes: 0,
      });
      expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
      // ... while the owner's viewer still opens the link, and a new address gets one guess.
      const viewer = await shared(token, right, "10.0.9.200");
      expect({ status: viewer.status, body: await viewer.json() }).toMatchObject({
        status: 200,
        body: { title: "Zoë's CV" },
      });
      expect((await shared(token, wrong, "10.0.9.201")).status).toBe(401);
      expect((await shared(token, wrong, "10.0.9.201")).status).toBe(429);
      expect(hashes).toBe(2);
    } finally {
      delete t.deps.hasher.onWebCrypto;
    }
  });

  it("failed guesses over all of one owner's links share one budget (10x the login rate)", async () => {
    const owner = await createUserWithToken(t);
    const r = await createResume(t, owner, CV);
    // Eleven protected links; creating them spends the owner's password budget (3/min), so in
    // four minutes (failure counters are counted after the last one).
    const tokens: string[] = [];
    for (let i = 0; i < 11; i++) {
      if (i > 0 && i % 3 === 0) t.clock.advance(61_000);
      tokens.push((await share(owner, r.id, { password: `open sesame ${i}` })).token);
    }
    const wrong = { "X-Share-Password": "guess" };
    // One address, three guesses (its per-link budget) on each of ten links: 30 failures.
    for (const token of tokens.slice(0, 10)) {
      for (let i = 0; i < 3; i++) expect((await shared(token, wrong, "10.0.7.1")).status).toBe(401);
    }
    let hashes = 0;
    t.deps.hasher.onWebCrypto = () => hashes++;
    try {
      const eleventh = tokens[10] ?? "";
      const refused = await shared(eleventh, wrong, "10.0.7.1");
      expect({ status: refused.status, body: await refused.json(), hashes }).toEqual({
        status: 429,
        body: THROTTLED,
        hashes: 0,
      });
      const viewer = await shared(eleventh, { "X-Share-Password": "open sesame 10" }, "10.0.7.2");
      expect(viewer.status).toBe(200);
    } finally {
      delete t.deps.hasher.onWebCrypto;
    }
  });
});

describe("GET /r/{token}", () => {
  it("a read-only page: raw HTML escaped, safe links only, no script, strict headers", async () => {
    const r = await createResume(t, alice, CV);
    const { token } = await share(alice, r.id);
    const res = await t.request(`/r/${token}`, { ip: "10.0.2.1" });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(html).toContain("<title>Zoë's CV</title>");
    expect(html).toContain("<h1>Zoë Example</h1>");
    expect(html).toContain("&lt;script&gt;document.title=");
    expect(html).toContain("&lt;img src=x onerror=");
    // The tags are text; nothing is an element or a link but the https one.
    expect(html).not.toMatch(/<script|<img|<[^>]* onerror=|href="javascript|href="\/api/i);
    expect(html).toContain(
      '<a href="https://example.com" rel="nofollow noopener noreferrer">site</a>',
    );
    expect(html).toContain('<a href="?format=md" download>MD</a>');
  });

  it("?format=md|pdf|docx downloads the file; a bad format is 400; unknown tokens a 404 page", async () => {
    const r = await createResume(t, alice, CV);
    const { token } = await share(alice, r.id);
    const md = await t.request(`/r/${token}?format=md`, { ip: "10.0.2.2" });
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("content-disposition")).toBe(
      "attachment; filename=\"Zoe-s-CV.md\"; filename*=UTF-8''Zo%C3%AB%27s%20CV.md",
    );
    expect(await md.text()).toBe(MARKDOWN);
    const pdf = await t.request(`/r/${token}?format=pdf`, { ip: "10.0.2.2" });
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode(pdfBytes.slice(0, 5))).toBe("%PDF-");
    const docx = await t.request(`/r/${token}?format=docx`, { ip: "10.0.2.2" });
    const docxBytes = new Uint8Array(await docx.arrayBuffer());
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-disposition")).toMatch(
      /^attachment; filename="Zoe-s-CV\.docx"/,
    );
    expect([...docxBytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip
    const bad = await t.request(`/r/${token}?format=xls`, { ip: "10.0.2.2" });
    expect({ status: bad.status, body: await bad.json() }).toEqual({
      status: 400,
      body: { format: ['"xls" is not a valid choice.'] },
    });
    const missing = await t.request(`/r/${"B".repeat(22)}`, { ip: "10.0.2.2" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await missing.text()).toContain("Link not found");
  });

  it("a protected page asks for its password with a form POSTed back, never in the URL", async () => {
    const r = await createResume(t, alice, { ...CV, content: "# Private" });
    const { token } = await share(alice, r.id, { password: "Harbor-Lantern-42" });
    const ask = await t.request(`/r/${token}`, { ip: "10.0.3.1" });
    const form = await ask.text();
    expect(ask.status).toBe(401);
    expect(form).toContain('<form method="post">');
    expect(form).not.toContain("Private");
    const post = (password: string, query = "") =>
      t.request(`/r/${token}${query}`, {
        method: "POST",
        ip: "10.0.3.1",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ password }).toString(),
      });
    const wrong = await post("nope");
    const wrongHtml = await wrong.text();
    expect({ status: wrong.status, wrong: wrongHtml.includes("Incorrect password.") }).toEqual({
      status: 401,
      wrong: true,
    });
    const ok = await post("Harbor-Lantern-42");
    const page = await ok.text();
    expect(ok.status).toBe(200);
    expect(page).toContain("<h1>Private</h1>");
    expect(page).toContain('<form method="post" action="?format=md">');
    const file = await post("Harbor-Lantern-42", "?format=md");
    expect({ status: file.status, text: await file.text() }).toEqual({
      status: 200,
      text: "# Private",
    });
  });
});

describe("logs", () => {
  it("the access log never carries a share token (the path's token is redacted)", async () => {
    const r = await createResume(t, alice, { ...CV, content: "# Logged" });
    const { token } = await share(alice, r.id);
    expect((await shared(token, {}, "10.0.4.1")).status).toBe(200);
    expect((await t.request(`/r/${token}`, { ip: "10.0.4.1" })).status).toBe(200);
    const lines = t.logger.lines.map((l) => JSON.parse(l) as { msg: string; path?: string });
    const paths = lines.filter((l) => l.msg === "request").map((l) => l.path);
    expect({
      leaked: t.logger.lines.some((l) => l.includes(token)),
      shared: paths.includes("/api/shared/<token>"),
      page: paths.includes("/r/<token>"),
    }).toEqual({ leaked: false, shared: true, page: true });
  });
});
