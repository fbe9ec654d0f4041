import { loadOnce } from "../../core/lazy";

/** One VEVENT of the feed, in UTC instants; the text fields are the user's own. */
export interface FeedEvent {
  uid: string;
  start: Date;
  /** None: the event ends when it starts (a reminder). */
  end?: Date;
  /** DTSTAMP: the row's last change, so an unchanged calendar is the same text (its ETag). */
  stamp: Date;
  summary: string;
  description: string;
  location: string;
  cancelled: boolean;
  /** A display alarm this many seconds before the start. */
  alarmBefore?: number;
}

/** Only requests for a feed need the generator: it stays out of the Worker's start-up. */
const generator = loadOnce(() => import("ical-generator"));

/**
 * Control characters other than tab and line feed have no place in iCalendar TEXT (RFC 5545
 * 3.3.11); the generator escapes the rest (commas, semicolons, backslashes, line breaks) and
 * folds long lines.
 */
const isControl = (code: number) => (code < 32 && code !== 9 && code !== 10) || code === 127;

function text(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) if (!isControl(s.charCodeAt(i))) out += s[i];
  return out;
}

/** The feed as RFC 5545 text (UTC times, CRLF lines), the same for the same events. */
export async function renderCalendar(events: readonly FeedEvent[]): Promise<string> {
  const { default: ical, ICalAlarmType, ICalEventStatus } = await generator();
  const cal = ical({
    name: "ResuMate",
    prodId: { company: "ResuMate", product: "Tracker", language: "EN" },
    // REFRESH-INTERVAL and X-PUBLISHED-TTL: how often a subscribed app should poll.
    ttl: 3600,
  });
  for (const e of events) {
    const event = cal.createEvent({
      id: e.uid,
      start: e.start,
      stamp: e.stamp,
      summary: text(e.summary),
      ...(e.end ? { end: e.end } : {}),
      ...(e.description ? { description: text(e.description) } : {}),
      ...(e.location ? { location: text(e.location) } : {}),
      ...(e.cancelled ? { status: ICalEventStatus.CANCELLED } : {}),
    });
    if (e.alarmBefore !== undefined) {
      event.createAlarm({
        type: ICalAlarmType.display,
        trigger: e.alarmBefore,
        description: text(e.summary),
      });
    }
  }
  return cal.toString();
}
