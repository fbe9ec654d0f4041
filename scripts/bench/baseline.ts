/**
 * The practical limit: a bare Hono app on @hono/node-server (the same adapter the API uses),
 * answering a static JSON body of the same size as `/api/ai/models/`. No middleware, no I/O.
 * `/static-headers` answers the same body with the header set the API's answer carries
 * (BASELINE_HEADERS), as a plain object, the cheapest way this stack can send them: it shows
 * how much of the gap to the baseline is those headers themselves (sending them, and the load
 * generator parsing them on the same two cores).
 *
 * `POST /api/ai/generate/` is the floor for a generation on this machine: read the JSON body,
 * call the provider stand-in (BASELINE_PROVIDER_URL, OpenAI chat completions) with `fetch`,
 * and, on PostgreSQL (DATABASE_URL), one durable insert of the answer into a table of its own
 * (`bench_floor`). No validation, no quota, no resilience: what any API doing this job pays in
 * HTTP legs, process wake-ups and a commit; the generation probe runs against it beside the API.
 *
 * `/floor/list` and `/floor/create` (PostgreSQL only) are the same floor for the signed-in list
 * and create: the statements the API runs for them (the user row by primary key, then the list
 * as JSON text written by PostgreSQL, or the insert), prepared, over a pool of the API's default
 * size; the user comes from the query string. No token, validation, middleware or headers.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import postgres from "postgres";

const body = process.env.BASELINE_BODY ?? "{}";
const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));
app.get("/ready", (c) => c.json({ status: "ok" }));
app.get("/static", (c) => c.body(body, 200, { "content-type": "application/json" }));
const headers = {
  ...(JSON.parse(process.env.BASELINE_HEADERS ?? "{}") as Record<string, string>),
  "content-type": "application/json",
};
app.get("/static-headers", () => new Response(body, { status: 200, headers }));

const provider = process.env.BASELINE_PROVIDER_URL;
const sql = process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL, { max: 5 }) : null;
if (sql) {
  await sql`create table if not exists bench_floor (
    id bigserial primary key, content text not null, created_at timestamptz not null default now())`;
}
app.post("/api/ai/generate/", async (c) => {
  const input = await c.req.json<{ user_input: string }>();
  const res = await fetch(`${provider}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer bench" },
    body: JSON.stringify({
      model: "bench",
      messages: [{ role: "user", content: input.user_input }],
    }),
  });
  const answer = (await res.json()) as { choices: { message: { content: string } }[] };
  const content = answer.choices[0]?.message.content ?? "";
  const rows = sql
    ? await sql`insert into bench_floor (content) values (${content}) returning id`
    : [];
  return c.json({ resume_id: Number(rows[0]?.id ?? 0), content }, 201);
});

if (sql) {
  const JSON_TYPE = { "content-type": "application/json" };
  const activeUser = async (id: number) =>
    (await sql`select id from auth_user where id = ${id} and is_active`).length === 1;
  const utc = (col: string) =>
    `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"000Z"')`;
  const listText = `select '[' || coalesce(string_agg(x.j, ',' order by x.created_at desc, x.id desc), '') || ']' as body
    from (
      select a.created_at, a.id, row_to_json(r)::text as j
      from job_tracker_jobapplication a, lateral (
        select a.id, a.job_title, a.company_name, a.original_job_description, a.date_applied,
          a.status, a.notes, a.is_deleted, a.is_example, ${utc("a.created_at")} as created_at,
          ${utc("a.updated_at")} as updated_at, a.user_id as "user", a.resume_used_id as resume_used
      ) r
      where a.user_id = $1 and a.is_deleted = false
    ) x`;
  app.get("/floor/list", async (c) => {
    const user = Number(c.req.query("user"));
    if (!(await activeUser(user))) return c.json({ detail: "User not found" }, 401);
    const [row] = await sql.unsafe(listText, [user], { prepare: true });
    return c.body(String(row?.body ?? "[]"), 200, JSON_TYPE);
  });
  app.post("/floor/create", async (c) => {
    const user = Number(c.req.query("user"));
    const a = await c.req.json<Record<string, string | null>>();
    if (!(await activeUser(user))) return c.json({ detail: "User not found" }, 401);
    const [row] = await sql`insert into job_tracker_jobapplication
        (job_title, company_name, original_job_description, date_applied, status, notes,
         is_deleted, is_example, created_at, updated_at, user_id)
      values (${a.job_title ?? null}, ${a.company_name ?? null}, ${a.original_job_description ?? null},
        ${a.date_applied ?? null}, ${a.status ?? "Applied"}, ${a.notes ?? null}, false, false,
        now(), now(), ${user})
      returning id, created_at, updated_at`;
    return c.json({ id: Number(row?.id), ...a, user, created_at: row?.created_at }, 201);
  });
}

const server = serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 0),
  hostname: process.env.HOST ?? "127.0.0.1",
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
