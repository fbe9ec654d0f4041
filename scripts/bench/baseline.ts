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
const sql = process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL, { max: 4 }) : null;
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

const server = serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 0),
  hostname: process.env.HOST ?? "127.0.0.1",
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
