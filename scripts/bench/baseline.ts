/**
 * The practical limit: a bare Hono app on @hono/node-server (the same adapter the API uses),
 * answering a static JSON body of the same size as `/api/ai/models/`. No middleware, no I/O.
 * `/static-headers` answers the same body with the header set the API's answer carries
 * (BASELINE_HEADERS), as a plain object, the cheapest way this stack can send them: it shows
 * how much of the gap to the baseline is those headers themselves (sending them, and the load
 * generator parsing them on the same two cores).
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

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

const server = serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 0),
  hostname: process.env.HOST ?? "127.0.0.1",
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
