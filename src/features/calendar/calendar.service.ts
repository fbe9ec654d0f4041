import { sha256Hex } from "../../core/digest";
import { notFound } from "../../core/errors";
import { clipChars } from "../../core/fields";
import { timestampNow } from "../../core/timestamps";
import type { Db } from "../../db/client";
import { liveApplicationTitles } from "../../db/live-applications";
import type { Deps } from "../../deps";
import { type InterviewRow, interviewsSince } from "../interviews";
import { openRemindersSince, type ReminderRow } from "../reminders";
import { type FeedEvent, renderCalendar } from "./calendar.ics";
import * as queries from "./calendar.queries";
import { newFeedToken } from "./calendar.tokens";

/** The feed holds events from this far back on, and every future one (each list capped). */
export const FEED_WINDOW_DAYS = 365;
/**
 * At most this many interviews, and as many open reminders, the soonest first: at the caps,
 * with the longest notes, a feed is written in ~60 ms (BENCHMARKS.md, calendar feed).
 */
export const FEED_EVENT_CAP = 500;
/** Part of the ETag: a change to how events are written changes every feed's tag. */
const FEED_FORMAT = 1;
const DAY_MS = 86_400_000;
const HOUR_SECONDS = 3600;
/** A reminder's note in a SUMMARY at most (the whole note is its DESCRIPTION). */
const SUMMARY_NOTE_MAX = 200;

/**
 * A new secret feed URL; calling it again replaces the token (the old URL answers 404). The
 * token is shown this once: only its hash is kept. `base` starts absolute links (public-url.ts).
 */
export async function createFeed(deps: Deps, userId: number, base: string) {
  const token = newFeedToken();
  const tokenHash = await sha256Hex(token);
  await queries.putFeed(deps.database.db, { userId, tokenHash, now: timestampNow(deps.clock) });
  return { url: `${base}/api/calendar/${token}.ics` };
}

export const deleteFeed = (deps: Deps, userId: number) =>
  queries.deleteFeed(deps.database.db, userId);

type Titles = Map<number, { jobTitle: string | null; companyName: string | null }>;

/** "Backend engineer at Acme", with what the application has. */
function jobName(titles: Titles, applicationId: number): string | undefined {
  const t = titles.get(applicationId);
  if (!t) return undefined;
  const job = t.jobTitle?.trim() || "";
  const company = t.companyName?.trim() || "";
  if (job && company) return `${job} at ${company}`;
  return job || company || "an application";
}

const KIND_LABELS: Record<string, string> = {
  phone: "Phone interview",
  video: "Video interview",
  onsite: "On-site interview",
  technical: "Technical interview",
  hr: "HR interview",
  other: "Interview",
};

function interviewEvent(row: InterviewRow, titles: Titles): FeedEvent | undefined {
  const name = jobName(titles, row.jobApplicationId);
  if (name === undefined) return undefined;
  const start = new Date(row.scheduledAt);
  return {
    uid: `interview-${row.id}@resumate`,
    start,
    end: new Date(start.getTime() + row.durationMinutes * 60_000),
    stamp: new Date(row.updatedAt),
    summary: `${KIND_LABELS[row.kind] ?? "Interview"}: ${name}`,
    description: row.notes,
    location: row.location,
    cancelled: row.outcome === "cancelled",
    alarmBefore: HOUR_SECONDS,
  };
}

function reminderEvent(row: ReminderRow, titles: Titles): FeedEvent | undefined {
  const name = jobName(titles, row.jobApplicationId);
  if (name === undefined) return undefined;
  const note = row.note.trim();
  return {
    uid: `reminder-${row.id}@resumate`,
    start: new Date(row.dueAt),
    stamp: new Date(row.updatedAt),
    summary: note ? `${clipChars(note, SUMMARY_NOTE_MAX)} (${name})` : `Follow up: ${name}`,
    description: note,
    location: "",
    cancelled: false,
    alarmBefore: 0,
  };
}

/** The events of a user's feed: interviews and open reminders in the window, of live applications. */
async function feedEvents(deps: Deps, reader: Db, userId: number): Promise<FeedEvent[]> {
  const since = new Date(deps.clock.now() - FEED_WINDOW_DAYS * DAY_MS).toISOString();
  const [interviews, reminders] = await Promise.all([
    interviewsSince(reader, userId, since, FEED_EVENT_CAP),
    openRemindersSince(reader, userId, since, FEED_EVENT_CAP),
  ]);
  const ids = [...new Set([...interviews, ...reminders].map((r) => r.jobApplicationId))];
  const titles = await liveApplicationTitles(reader, { ids, userId });
  return [
    ...interviews.map((r) => interviewEvent(r, titles)),
    ...reminders.map((r) => reminderEvent(r, titles)),
  ].filter((e) => e !== undefined);
}

export interface Feed {
  /** A strong validator: the hash of the events (and the format) the body is written from. */
  etag: string;
  /** When the content last changed, as far as this feed has been served (second precision). */
  lastModified: Date;
  /** Writes the calendar (only a 200 needs it). */
  render(): Promise<string>;
}

/**
 * The next Last-Modified: now (whole seconds), but always after the previous one, so a client
 * holding the previous content never sees the same date for new content.
 */
function nextModified(nowMs: number, previous: Date | null): Date {
  const now = Math.floor(nowMs / 1000) * 1000;
  return new Date(previous && previous.getTime() >= now ? previous.getTime() + 1000 : now);
}

/**
 * The feed `token` (else 404). The feed row is read on the primary, so a rotation or delete is
 * seen at once; the events may come from a replica. The ETag is the hash of the events, so a
 * 304 costs the queries but no rendering.
 */
export async function openFeed(deps: Deps, reader: Db, token: string): Promise<Feed> {
  const { db } = deps.database;
  const tokenHash = await sha256Hex(token);
  const feed = await queries.findFeed(db, tokenHash);
  if (!feed) throw notFound();
  const events = await feedEvents(deps, reader, feed.userId);
  const etag = `"${(await sha256Hex(JSON.stringify([FEED_FORMAT, events]))).slice(0, 32)}"`;
  const render = () => renderCalendar(events);
  if (feed.etag === etag && feed.modifiedAt) {
    return { etag, lastModified: feed.modifiedAt, render };
  }
  const lastModified = nextModified(deps.clock.now(), feed.modifiedAt);
  await queries.markServed(db, { tokenHash, etag, modifiedAt: lastModified });
  return { etag, lastModified, render };
}
