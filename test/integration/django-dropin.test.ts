import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../../src/db/postgres";
import { createTestContext } from "../helpers/deps";
import {
  type DjangoDatabase,
  djangoTokens,
  insertAsDjango,
  loadDjangoDatabase,
  snapshotDjangoRows,
} from "../helpers/django-fixture";
import { type RunningServer, startNodeServer } from "../helpers/node-server";

/**
 * The drop-in promise, proven on the database the Django service created and filled
 * (test/fixtures/django) and on the tokens simplejwt minted with its SECRET_KEY: our migrations
 * apply (twice) without touching a row, the real server serves Django's users and rows exactly as
 * stored, and the Django service can still write every one of its tables afterwards.
 * Real PostgreSQL only (TEST_DATABASE_URL; CI sets it, so there it runs, never skips).
 */
const baseUrl = process.env.TEST_DATABASE_URL;
const tokens = djangoTokens();
const ITERATIONS = 270_000;

interface Call {
  status: number;
  body: unknown;
}

/** Applies our migrations and seed as a server start does, `times` times. */
async function migrate(url: string, times: number) {
  for (let i = 0; i < times; i++) {
    const database = createPostgresDatabase(url, [], { max: 2 });
    const t = await createTestContext({ database, env: { SECRET_KEY: tokens.secret_key } });
    await t.close();
    await database.close();
  }
}

describe.skipIf(!baseUrl)("drop-in on the Django service's database (serial ids)", () => {
  let db: DjangoDatabase;
  let server: RunningServer;
  let before: Map<string, string>;

  const call = async (
    method: string,
    path: string,
    opts: { token?: string; json?: unknown } = {},
  ): Promise<Call> => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = async (username: string, password: string) => {
    const res = await call("POST", "/api/auth/token/", { json: { username, password } });
    expect(res.status).toBe(200);
    return res.body as { access: string; refresh: string };
  };

  beforeAll(async () => {
    db = await loadDjangoDatabase(baseUrl as string);
    before = await snapshotDjangoRows(db.sql);
    await migrate(db.url, 2);
    server = await startNodeServer({
      NODE_ENV: "development",
      DATABASE_URL: db.url,
      SECRET_KEY: tokens.secret_key,
      PASSWORD_HASH_ITERATIONS: String(ITERATIONS),
      LOG_LEVEL: "warn",
      THROTTLE_ENABLED: "false",
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("applies our migrations twice (and a third time on start) without touching a row", async () => {
    const after = await snapshotDjangoRows(db.sql);
    for (const [key, row] of before) expect({ key, row: after.get(key) }).toEqual({ key, row });
    const ours = await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'resumate_%'`;
    expect(ours[0]?.n).toBeGreaterThan(0);
  });

  it("logs Django's users in, upgrading the hash in Django's format; refuses the inactive one", async () => {
    const first = await login("django_ann", "Blue-Harbor-42x");
    expect(first).toEqual({ access: expect.any(String), refresh: expect.any(String) });
    const [row] = await db.sql<{ password: string }[]>`
      SELECT password FROM auth_user WHERE username = 'django_ann'`;
    expect(row?.password).toMatch(new RegExp(`^pbkdf2_sha256\\$${ITERATIONS}\\$[^$]+\\$[^$]+=$`));
    await login("django_ann", "Blue-Harbor-42x");
    const bob = await call("POST", "/api/auth/token/", {
      json: { username: "django_bob", password: "Green-Valley-77q" },
    });
    expect(bob).toEqual({
      status: 401,
      body: { detail: "No active account found with the given credentials" },
    });
  });

  it("accepts simplejwt's tokens: the access token, the refresh token twice, not the expired one", async () => {
    const me = await call("GET", "/api/auth/me/", { token: tokens.access_10y });
    expect(me).toEqual({
      status: 200,
      body: {
        id: 3,
        username: "django_ann",
        email: "ann@example.com",
        first_name: "",
        last_name: "",
        is_staff: false,
        date_joined: "2026-11-30T19:35:35.720052Z",
      },
    });
    for (let i = 0; i < 2; i++) {
      const res = await call("POST", "/api/auth/token/refresh/", {
        json: { refresh: tokens.refresh_10y },
      });
      expect(res).toEqual({ status: 200, body: { access: expect.any(String) } });
      const access = (res.body as { access: string }).access;
      expect((await call("GET", "/api/auth/me/", { token: access })).status).toBe(200);
    }
    const expired = await call("GET", "/api/auth/me/", { token: tokens.access_expired });
    expect(expired.status).toBe(401);
  });

  it("serves Django's resumes and applications field for field, microseconds included", async () => {
    const token = tokens.access_10y;
    expect(await call("GET", "/api/resumes/", { token })).toEqual({
      status: 200,
      body: [
        {
          id: 1,
          user: "django_ann",
          title: "Django resume",
          content: "# Ann Lee\nBackend engineer",
          created_at: "2026-11-30T19:35:35.828779Z",
          updated_at: "2026-11-30T19:35:35.828796Z",
        },
      ],
    });
    const six = {
      id: 6,
      job_title: "Backend Developer",
      company_name: "Fjord Logistics",
      original_job_description: "Python, PostgreSQL, Redis",
      date_applied: "2026-01-20",
      status: "Applied",
      notes: "first round",
      is_deleted: false,
      is_example: false,
      created_at: "2026-11-30T19:35:35.830504Z",
      updated_at: "2026-11-30T19:35:35.830515Z",
      user: 3,
      resume_used: 1,
    };
    // The soft-deleted application (7) is hidden from the list and the detail.
    expect(await call("GET", "/api/job-applications/", { token })).toEqual({
      status: 200,
      body: [six],
    });
    expect(await call("GET", "/api/job-applications/?limit=5", { token })).toMatchObject({
      body: { count: 1, results: [six] },
    });
    expect(await call("GET", "/api/job-applications/6/", { token })).toEqual({
      status: 200,
      body: six,
    });
    expect((await call("GET", "/api/job-applications/7/", { token })).status).toBe(404);
  });

  it("serves Django's examples and models as stored", async () => {
    const examples = await call("GET", "/api/example-job-applications/");
    const data = (examples.body as { data: Record<string, unknown>[] }).data;
    expect(data).toHaveLength(5);
    expect(data.find((e) => e.id === 1)).toEqual({
      id: 1,
      job_title: "Senior Python Developer",
      company_name: "TechCorp",
      original_job_description:
        "Seeking an experienced Python developer to work on our flagship data analysis platform.",
      date_applied: "2025-07-10",
      status: "Applied",
      notes: null,
      is_deleted: false,
      is_example: true,
      created_at: "2026-11-30T19:35:35.363500Z",
      updated_at: "2026-11-30T19:35:35.363512Z",
      user: 2,
      resume_used: null,
    });
    const models = await call("GET", "/api/ai/models/");
    expect((models.body as { data: unknown[] }).data).toEqual([
      {
        model_name: "Cypher",
        login_required: false,
        response_time_info: "Fast",
        description: "Free model",
      },
      {
        model_name: "Deepseek",
        login_required: false,
        response_time_info: "10-20 seconds",
        description: "Free reasoning model",
      },
      {
        model_name: "Gemini",
        login_required: true,
        response_time_info: "Fast",
        description: "Premium model",
      },
    ]);
  });

  it("lets Django's superuser run admin CRUD on Django's ai_aimodel table", async () => {
    const { access } = await login("admin", "admin");
    const list = await call("GET", "/api/admin/ai-models/", { token: access });
    expect(list.status).toBe(200);
    expect((list.body as Record<string, unknown>[])[0]).toEqual({
      id: 1,
      display_name: "Gemini",
      model_name: "gemini-2.0-flash-exp",
      api_provider: "google_gemini",
      api_key_name: "GEMINI_API_KEY",
      is_active: true,
      login_required: true,
      daily_limit: 5,
      response_time_info: "Fast",
      description: "Premium model",
      created_at: "2026-11-30T19:35:35.506309Z",
      updated_at: "2026-11-30T19:35:35.506309Z",
      // Our two columns, added by migration 0003: null on Django's rows.
      base_url: null,
      fallback_model: null,
    });
    const created = await call("POST", "/api/admin/ai-models/", {
      token: access,
      json: {
        display_name: "Llama",
        model_name: "meta/llama",
        api_provider: "open_router",
        api_key_name: "OPENROUTER_API_KEY",
      },
    });
    expect(created.status).toBe(201);
    const model = created.body as { id: number; created_at: string; updated_at: string };
    const changed = await call("PATCH", `/api/admin/ai-models/${model.id}/`, {
      token: access,
      json: { daily_limit: 3 },
    });
    expect(changed).toMatchObject({ status: 200, body: { daily_limit: 3 } });
    expect((changed.body as { updated_at: string }).updated_at > model.updated_at).toBe(true);
    const gone = await call("DELETE", `/api/admin/ai-models/${model.id}/`, { token: access });
    expect(gone.status).toBe(204);
  });

  it("writes rows with the clock's microseconds, and answers what the database holds", async () => {
    const token = tokens.access_10y;
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call("POST", "/api/resumes/", {
        token,
        json: { title: `New ${i}`, content: "x" },
      });
      const body = res.body as { id: number; created_at: string };
      const [row] = await db.sql<{ us: string }[]>`
        SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS us
        FROM resume_resume WHERE id = ${body.id}`;
      expect(body.created_at).toBe(row?.us);
      answers.push(body.created_at);
    }
    // A millisecond clock would end every one in "000".
    expect(answers.some((a) => !a.endsWith("000Z"))).toBe(true);
  });

  it("still takes Django's own inserts in every Django table (switching back works)", async () => {
    const ids = await insertAsDjango(db.sql);
    expect(Object.keys(ids).sort()).toEqual(
      expect.arrayContaining(["ai_aimodel", "auth_user", "job_tracker_jobapplication"]),
    );
  });
});

describe.skipIf(!baseUrl)("drop-in on Django >= 4.1's identity columns", () => {
  let db: DjangoDatabase;
  beforeAll(async () => {
    db = await loadDjangoDatabase(baseUrl as string, { identity: true });
  }, 60_000);
  afterAll(() => db?.drop());

  it("migrates twice without touching a row, then both services write", async () => {
    const [kind] = await db.sql<{ identity: string }[]>`
      SELECT is_identity AS identity FROM information_schema.columns
      WHERE table_name = 'auth_user' AND column_name = 'id'`;
    expect(kind?.identity).toBe("YES");
    const before = await snapshotDjangoRows(db.sql);
    await migrate(db.url, 2);
    const after = await snapshotDjangoRows(db.sql);
    for (const [key, row] of before) expect({ key, row: after.get(key) }).toEqual({ key, row });
    await insertAsDjango(db.sql);

    const database = createPostgresDatabase(db.url, [], { max: 2 });
    const t = await createTestContext({ database, env: { SECRET_KEY: tokens.secret_key } });
    try {
      const resume = await t.request("/api/resumes/", {
        method: "POST",
        token: tokens.access_10y,
        json: { title: "After the switch", content: "x" },
      });
      expect(resume.status).toBe(201);
      const { id } = (await resume.json()) as { id: number };
      expect(id).toBeGreaterThan(1);
      const app = await t.request("/api/job-applications/", {
        method: "POST",
        token: tokens.access_10y,
        json: { job_title: "Ops", resume_used: id },
      });
      expect(app.status).toBe(201);
    } finally {
      await t.close();
      await database.close();
    }
  });
});
