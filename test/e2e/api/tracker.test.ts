import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { apiSuite, type Session, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

/**
 * The tracker (issue 23) on the real server (Node, or workerd with real PostgreSQL and Redis with
 * E2E_WORKER=1): interviews, contacts, reminders and the calendar feed, parsed by ical.js.
 */
async function created(me: Session, path: string, json: unknown) {
  const res = await call(apiSuite().target, "POST", path, { token: me.access, json });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number } & Record<string, unknown>;
}

describe("tracker", () => {
  it("an interview in the window, a linked contact (another user's application refused), a due reminder", async () => {
    const { target } = apiSuite();
    const [me, other] = await Promise.all([signUp(target), signUp(target)]);
    const app = await created(me, "/api/job-applications/", {
      job_title: "Backend engineer",
      company_name: "Acme",
    });
    const theirs = await created(other, "/api/job-applications/", { company_name: "Other" });

    const iv = await created(me, `/api/job-applications/${app.id}/interviews/`, {
      scheduled_at: "2030-03-10T16:30:00+02:00",
      kind: "video",
      duration_minutes: 45,
    });
    expect(iv).toMatchObject({ job_application: app.id, scheduled_at: "2030-03-10T14:30:00Z" });
    const window = await call(target, "GET", "/api/interviews/?from=2030-03-10&to=2030-03-11", {
      token: me.access,
    });
    expect(window.status).toBe(200);
    expect((window.body as { id: number }[]).map((i) => i.id)).toEqual([iv.id]);
    const before = await call(target, "GET", "/api/interviews/?to=2030-03-10T14:30:00Z", {
      token: me.access,
    });
    expect(before.body).toEqual([]);
    const notMine = await call(target, "GET", "/api/interviews/", { token: other.access });
    expect(notMine.body).toEqual([]);

    const refused = await call(target, "POST", "/api/contacts/", {
      token: me.access,
      json: { name: "Jane Recruiter", job_applications: [app.id, theirs.id] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      job_applications: [`Invalid pk "${theirs.id}" - object does not exist.`],
    });
    const contact = await created(me, "/api/contacts/", {
      name: "Jane Recruiter",
      email: "jane@example.com",
      job_applications: [app.id],
    });
    expect(contact.job_applications).toEqual([app.id]);
    const linked = await call(target, "GET", `/api/contacts/?job_application=${app.id}`, {
      token: me.access,
    });
    expect((linked.body as { id: number }[]).map((c) => c.id)).toEqual([contact.id]);

    const soon = await created(me, `/api/job-applications/${app.id}/reminders/`, {
      due_at: "2030-01-01T09:00:00Z",
      note: "Send the portfolio",
    });
    const later = await created(me, `/api/job-applications/${app.id}/reminders/`, {
      due_at: "2031-01-01T09:00:00Z",
    });
    const due = await call(target, "GET", "/api/reminders/?due_before=2030-06-01&done=false", {
      token: me.access,
    });
    expect((due.body as { id: number }[]).map((r) => r.id)).toEqual([soon.id]);
    const done = await call(target, "PATCH", `/api/reminders/${soon.id}/`, {
      token: me.access,
      json: { done: true },
    });
    expect(done.body).toMatchObject({ id: soon.id, done: true });
    const open = await call(target, "GET", "/api/reminders/?done=false", { token: me.access });
    expect((open.body as { id: number }[]).map((r) => r.id)).toEqual([later.id]);
  });

  it("the calendar feed: UTC interview with its alarm, 304 on If-None-Match, rotation 404s the old URL", async () => {
    const { target } = apiSuite();
    const me = await signUp(target);
    const app = await created(me, "/api/job-applications/", {
      job_title: "Backend engineer",
      company_name: "Acme",
    });
    const iv = await created(me, `/api/job-applications/${app.id}/interviews/`, {
      scheduled_at: "2030-03-10T16:30:00+02:00",
      kind: "video",
      duration_minutes: 45,
      location: "Zoom",
    });

    const feed = await call(target, "POST", "/api/calendar/", { token: me.access });
    expect(feed.status).toBe(201);
    const url = new URL((feed.body as { url: string }).url);
    expect(url.pathname).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const ics = await call(target, "GET", url.pathname);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const cal = new ICAL.Component(ICAL.parse(ics.body as string));
    const vevents = cal.getAllSubcomponents("vevent");
    expect(vevents).toHaveLength(1);
    const vevent = vevents[0] as ICAL.Component;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe(`interview-${iv.id}@resumate`);
    expect(event.summary).toBe("Video interview: Backend engineer at Acme");
    expect(event.startDate.zone?.tzid).toBe("UTC");
    expect(event.startDate.toJSDate().toISOString()).toBe("2030-03-10T14:30:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2030-03-10T15:15:00.000Z");
    const alarm = vevent.getFirstSubcomponent("valarm");
    const trigger = alarm?.getFirstPropertyValue("trigger");
    expect(alarm?.getFirstPropertyValue("action")).toBe("DISPLAY");
    expect(trigger instanceof ICAL.Duration ? trigger.toSeconds() : null).toBe(-3600);

    const etag = ics.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const cached = await call(target, "GET", url.pathname, { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    expect(cached.body).toBeNull();
    expect(cached.headers.get("etag")).toBe(etag);

    const rotated = await call(target, "POST", "/api/calendar/", { token: me.access });
    expect(rotated.status).toBe(201);
    const next = new URL((rotated.body as { url: string }).url);
    expect(next.pathname).not.toBe(url.pathname);
    expect((await call(target, "GET", url.pathname)).status).toBe(404);
    const fresh = await call(target, "GET", next.pathname);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toBe(ics.body);
  });
});
