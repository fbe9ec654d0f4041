import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interview } from "../../src/db/schema";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

/**
 * The feed is checked with an independent parser (ical.js, Mozilla's), not with the library
 * that writes it: UTC start and end, the summary naming job and company, the alarm an hour
 * before, open reminders only, and conditional requests.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { PUBLIC_URL: "https://api.example.com" } });
  t.clock.set(Date.parse("2026-03-01T12:00:00Z"));
});
afterAll(() => t.close());

const NOT_FOUND = { status: 404, body: { detail: "Not found." } };

const call = (
  user: TestUser | null,
  path: string,
  init: { method?: string; json?: unknown } = {},
) => t.request(path, { ...init, token: user?.token }).then(answer);

async function newFeed(user: TestUser): Promise<string> {
  const res = await call(user, "/api/calendar/", { method: "POST" });
  expect(res.status).toBe(201);
  const { url } = res.body as { url: string };
  expect(url).toMatch(/^https:\/\/api\.example\.com\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  return new URL(url).pathname;
}

async function post(user: TestUser, path: string, json: unknown) {
  const res = await call(user, path, { method: "POST", json });
  expect(res.status).toBe(201);
  return res.body as { id: number };
}

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents("vevent").map((vevent) => {
    const e = new ICAL.Event(vevent);
    const alarm = vevent.getFirstSubcomponent("valarm");
    const trigger = alarm?.getFirstPropertyValue("trigger");
    return {
      uid: e.uid,
      summary: e.summary,
      start: e.startDate.toJSDate().toISOString(),
      startZone: e.startDate.zone?.tzid,
      end: vevent.hasProperty("dtend") ? e.endDate.toJSDate().toISOString() : null,
      location: e.location,
      description: e.description,
      status: vevent.getFirstPropertyValue("status"),
      alarm: alarm
        ? {
            action: alarm.getFirstPropertyValue("action"),
            seconds: trigger instanceof ICAL.Duration ? trigger.toSeconds() : null,
          }
        : null,
    };
  });
}

describe("the calendar feed", () => {
  it("serves interviews and open reminders as valid iCalendar in UTC with alarms", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice, {
      job_title: "Backend engineer",
      company_name: "Acme, Inc.",
    });
    const iv = await post(alice, `/api/job-applications/${app.id}/interviews/`, {
      scheduled_at: "2026-03-10T16:30:00+02:00",
      duration_minutes: 45,
      kind: "video",
      location: "Room 4; 2nd floor",
      notes: "Ask about on-call\r\nand the team\u0007",
    });
    const open = await post(alice, `/api/job-applications/${app.id}/reminders/`, {
      due_at: "2026-03-05T09:00:00Z",
      note: "Send thank-you note",
    });
    const done = await post(alice, `/api/job-applications/${app.id}/reminders/`, {
      due_at: "2026-03-06T09:00:00Z",
    });
    await call(alice, `/api/reminders/${done.id}/`, { method: "PATCH", json: { done: true } });
    const path = await newFeed(alice);

    const res = await t.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, max-age=300");
    const text = await res.text();
    expect(text).toContain("DTSTART:20260310T143000Z");
    expect(text).toContain("DTEND:20260310T151500Z");
    expect(text.split("\r\n")[0]).toBe("BEGIN:VCALENDAR");
    expect(events(text)).toEqual([
      {
        uid: `interview-${iv.id}@resumate`,
        summary: "Video interview: Backend engineer at Acme, Inc.",
        start: "2026-03-10T14:30:00.000Z",
        startZone: "UTC",
        end: "2026-03-10T15:15:00.000Z",
        location: "Room 4; 2nd floor",
        description: "Ask about on-call\nand the team",
        status: null,
        alarm: { action: "DISPLAY", seconds: -3600 },
      },
      {
        uid: `reminder-${open.id}@resumate`,
        summary: "Send thank-you note (Backend engineer at Acme, Inc.)",
        start: "2026-03-05T09:00:00.000Z",
        startZone: "UTC",
        end: null,
        location: null,
        description: "Send thank-you note",
        status: null,
        alarm: { action: "DISPLAY", seconds: 0 },
      },
    ]);
  });

  it("answers 304 on If-None-Match and If-Modified-Since until the content changes", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice, { job_title: "SRE", company_name: "Initech" });
    await post(alice, `/api/job-applications/${app.id}/interviews/`, {
      scheduled_at: "2026-03-20T10:00:00Z",
    });
    const path = await newFeed(alice);
    const first = await t.request(path);
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);

    t.clock.advance(60_000);
    const again = await t.request(path, { headers: { "If-None-Match": etag } });
    expect({ status: again.status, body: await again.text() }).toEqual({ status: 304, body: "" });
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("last-modified")).toBe(lastModified);
    const weak = await t.request(path, { headers: { "If-None-Match": `"x", W/${etag}` } });
    expect(weak.status).toBe(304);
    const since = await t.request(path, { headers: { "If-Modified-Since": lastModified } });
    expect(since.status).toBe(304);
    const other = await t.request(path, { headers: { "If-None-Match": '"other"' } });
    expect(other.status).toBe(200);

    // A change (here: a new interview) changes the tag and moves Last-Modified on.
    await post(alice, `/api/job-applications/${app.id}/interviews/`, {
      scheduled_at: "2026-03-21T10:00:00Z",
    });
    const changed = await t.request(path, { headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(Date.parse(changed.headers.get("last-modified") ?? "")).toBeGreaterThan(
      Date.parse(lastModified),
    );
    expect(events(await changed.text())).toHaveLength(2);
    const stale = await t.request(path, { headers: { "If-Modified-Since": lastModified } });
    expect(stale.status).toBe(200);
  });

  it("hides a deleted application's events and keeps the window", async () => {
    const alice = await createUserWithToken(t);
    const kept = await createApplication(t, alice, { job_title: "Kept", company_name: "A" });
    const gone = await createApplication(t, alice, { job_title: "Gone", company_name: "B" });
    const bob = await createUserWithToken(t);
    const bobs = await createApplication(t, bob);
    await post(bob, `/api/job-applications/${bobs.id}/interviews/`, {
      scheduled_at: "2026-03-20T10:00:00Z",
    });
    const at = (s: string) => ({ scheduled_at: s });
    await post(alice, `/api/job-applications/${kept.id}/interviews/`, at("2026-03-20T10:00:00Z"));
    await post(alice, `/api/job-applications/${kept.id}/interviews/`, at("2024-01-01T10:00:00Z"));
    await post(alice, `/api/job-applications/${gone.id}/interviews/`, at("2026-03-22T10:00:00Z"));
    await post(alice, `/api/job-applications/${gone.id}/reminders/`, {
      due_at: "2026-03-23T10:00:00Z",
    });
    await call(alice, `/api/job-applications/${gone.id}/`, { method: "DELETE" });
    const text = await (await t.request(await newFeed(alice))).text();
    // The 2024 interview is past the 365-day window; Bob's are not Alice's.
    expect(events(text).map((e) => e.summary)).toEqual(["Interview: Kept at A"]);
  });

  it("holds at most 500 interviews, the soonest", async () => {
    const alice = await createUserWithToken(t);
    const app = await createApplication(t, alice, { job_title: "Many", company_name: "C" });
    const start = Date.parse("2026-04-01T00:00:00Z");
    const rows = Array.from({ length: 501 }, (_, i) => ({
      userId: alice.id,
      jobApplicationId: app.id,
      scheduledAt: new Date(start + (500 - i) * 3_600_000).toISOString(),
    }));
    await t.deps.database.db.insert(interview).values(rows);
    const feed = events(await (await t.request(await newFeed(alice))).text());
    expect(feed).toHaveLength(500);
    const starts = feed.map((e) => e.start).sort();
    expect(starts[0]).toBe("2026-04-01T00:00:00.000Z");
    expect(starts.at(-1)).toBe(new Date(start + 499 * 3_600_000).toISOString());
  });

  it("rotation and delete make the old URL 404; a malformed token is 404", async () => {
    const alice = await createUserWithToken(t);
    const first = await newFeed(alice);
    expect((await t.request(first)).status).toBe(200);
    const second = await newFeed(alice);
    expect(second).not.toBe(first);
    expect(await t.request(first).then(answer)).toEqual(NOT_FOUND);
    expect((await t.request(second)).status).toBe(200);
    expect((await t.request(`${second}/`)).status).toBe(200);
    expect(await call(alice, "/api/calendar/", { method: "DELETE" })).toEqual({
      status: 204,
      body: null,
    });
    expect(await t.request(second).then(answer)).toEqual(NOT_FOUND);
    expect(await call(alice, "/api/calendar/", { method: "DELETE" })).toMatchObject({
      status: 204,
    });
    const token = second.slice("/api/calendar/".length, -".ics".length);
    for (const bad of [
      `/api/calendar/${token}`,
      `/api/calendar/${token}.ical`,
      `/api/calendar/${token.slice(1)}.ics`,
      `/api/calendar/${"x".repeat(300)}.ics`,
    ]) {
      expect(await t.request(bad).then(answer)).toMatchObject({ status: 404 });
    }
    expect(await call(null, "/api/calendar/", { method: "POST" })).toMatchObject({ status: 401 });
  });

  it("is throttled per feed", async () => {
    const th = await createTestContext({
      env: { THROTTLE_ENABLED: "true", THROTTLE_CALENDAR: "2/hour" },
      database: t.deps.database,
    });
    const alice = await createUserWithToken(th);
    const res = await th.request("/api/calendar/", { method: "POST", token: alice.token });
    const path = new URL(((await res.json()) as { url: string }).url, "http://x").pathname;
    expect((await th.request(path, { ip: "10.0.0.1" })).status).toBe(200);
    expect((await th.request(path, { ip: "10.0.0.2" })).status).toBe(200);
    const third = await th.request(path, { ip: "10.0.0.3" });
    expect({ status: third.status, retry: third.headers.get("retry-after") }).toEqual({
      status: 429,
      retry: expect.stringMatching(/^\d+$/),
    });
    await th.close();
  });
});
