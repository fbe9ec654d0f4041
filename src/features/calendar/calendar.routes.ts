import { currentUser } from "../../core/auth";
import { linkBase } from "../../core/public-url";
import { route } from "../../route";
import { feedParams, feedUrlSchema } from "./calendar.schemas";
import { createFeed, deleteFeed, openFeed } from "./calendar.service";
import { calendarFeedScope } from "./calendar.throttle";

const ICS = "text/calendar; charset=utf-8";
/** Calendar apps poll: a few minutes in the client's own cache, then a conditional request. */
const FEED_CACHE = "private, max-age=300";
/** An If-None-Match header is refused past this length (a client sends one or a few tags). */
const IF_NONE_MATCH_MAX = 1024;

/** RFC 9110 If-None-Match: `*`, or a list of (weak or strong) tags compared weakly. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header || header.length > IF_NONE_MATCH_MAX) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || (t.startsWith("W/") ? t.slice(2) : t) === etag;
  });
}

/** If-Modified-Since counts only without If-None-Match (RFC 9110 13.1.3). */
function notModifiedSince(header: string | undefined, lastModified: Date): boolean {
  if (!header || header.length > 64) return false;
  const since = Date.parse(header);
  return Number.isFinite(since) && lastModified.getTime() <= since;
}

const feedHeaders = {
  ETag: { description: "The feed's content hash; send it back in If-None-Match." },
  "Last-Modified": { description: "When the feed's content last changed." },
  "Cache-Control": { description: "`private, max-age=300`." },
};
const common = { tag: "calendar" } as const;

/** The secret calendar feed (iCalendar) of the caller's interviews and open reminders. */
export const calendarRoutes = [
  route(
    {
      ...common,
      access: "bearer",
      operationId: "createCalendarFeed",
      tokenScope: "applications:write",
      method: "post",
      path: "/api/calendar/",
      summary: "Create (or replace) your secret calendar feed URL",
      description:
        "The URL is the feed's only credential: keep it secret. Calling this again replaces it " +
        "(the old URL answers 404). Only a hash of its token is kept, so it is shown this once.",
      responses: {
        201: {
          description: "The feed URL.",
          schema: feedUrlSchema,
          example: {
            url: "https://api.example.com/api/calendar/3q2-7wN0yJ4YQ0m2m5r2b0pJ9w3v1S2n8c5x6z7a8bE.ics",
          },
        },
      },
      index: { name: "calendar" },
    },
    async (c) => c.json(await createFeed(c.env.deps, currentUser(c).id, linkBase(c)), 201),
  ),
  route(
    {
      ...common,
      access: "bearer",
      operationId: "deleteCalendarFeed",
      tokenScope: "applications:write",
      method: "delete",
      path: "/api/calendar/",
      summary: "Turn your calendar feed off (its URL answers 404)",
      responses: { 204: { description: "No feed any more (also when there was none)." } },
    },
    async (c) => {
      await deleteFeed(c.env.deps, currentUser(c).id);
      return c.body(null, 204);
    },
  ),
  route(
    {
      ...common,
      access: "public",
      operationId: "calendarFeed",
      method: "get",
      path: "/api/calendar/{token}.ics",
      params: feedParams,
      throttle: [calendarFeedScope],
      summary: "The calendar feed (iCalendar): subscribe to this URL in a calendar app",
      description:
        "No bearer token: the token in the URL is the credential. A VEVENT per interview (UTC " +
        "start and end, SUMMARY naming the job and company, a display VALARM one hour before; " +
        "a cancelled one has STATUS:CANCELLED) and per open reminder (at its due time, with an " +
        "alarm then), from 365 days back on and every future one, of applications not deleted " +
        "(at most 500 interviews and 500 reminders, the soonest). Conditional requests: If-None-Match " +
        "(or, without it, If-Modified-Since) answers 304. A feed never made, replaced or deleted " +
        "answers 404.",
      responses: {
        200: {
          description: "The calendar.",
          headers: feedHeaders,
          alternatives: {
            "text/calendar": {
              description: "RFC 5545, UTF-8, CRLF lines.",
              example: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n...\r\nEND:VCALENDAR\r\n",
            },
          },
        },
        304: { description: "Not modified (the ETag matched).", headers: feedHeaders },
      },
    },
    async (c) => {
      const feed = await openFeed(c.env.deps, c.get("reader"), c.req.valid("param").token);
      const headers = {
        ETag: feed.etag,
        "Last-Modified": feed.lastModified.toUTCString(),
        "Cache-Control": FEED_CACHE,
      };
      const inm = c.req.header("If-None-Match");
      const fresh =
        inm === undefined
          ? notModifiedSince(c.req.header("If-Modified-Since"), feed.lastModified)
          : matchesEtag(inm, feed.etag);
      if (fresh) return c.body(null, 304, headers);
      return c.body(await feed.render(), 200, { ...headers, "Content-Type": ICS });
    },
  ),
] as const;
