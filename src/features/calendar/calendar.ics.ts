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
  let i = 0;
  while (i < s.length && !isControl(s.charCodeAt(i))) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) if (!isControl(s.charCodeAt(i))) out += s[i];
  return out;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * RFC 5545 3.1 folding: a content line longer than 75 octets (UTF-8) goes on in lines that start
 * with a space, never cutting a character. Done here, not by the generator's own pass: version
 * 10 (the last for Node 20) builds a TextEncoder per character there, and a feed at its caps
 * (2,000 events, notes of 5,000 characters) took 24 s of the event loop; this is linear.
 */
export function foldLine(line: string): string {
  // Any 25 UTF-16 units are at most 75 octets.
  if (line.length <= 25) return line;
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const pair = isHighSurrogate(code) && isLowSurrogate(line.charCodeAt(i + 1));
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > 75) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 1; // the continuation's leading space
    }
    octets += size;
    if (pair) i++;
  }
  parts.push(line.slice(start));
  return parts.join("\r\n ");
}

const fold = (text: string) => text.split("\r\n").map(foldLine).join("\r\n");

/**
 * The feed as RFC 5545 text (UTC times, CRLF lines), the same for the same events. The generator
 * writes the calendar's own properties and each event (escaping, dates, alarms); the events'
 * text is folded by `foldLine` (see there).
 */
export async function renderCalendar(events: readonly FeedEvent[]): Promise<string> {
  const { default: ical, ICalAlarmType, ICalEventStatus } = await generator();
  const cal = ical({
    name: "ResuMate",
    prodId: { company: "ResuMate", product: "Tracker", language: "EN" },
    // REFRESH-INTERVAL and X-PUBLISHED-TTL: how often a subscribed app should poll.
    ttl: 3600,
  });
  // The calendar without events, written (and folded) by the generator: its last line closes it.
  const shell = cal.toString();
  const close = shell.lastIndexOf("END:VCALENDAR");
  const parts = [shell.slice(0, close)];
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
    // An event's own text is not folded yet (the generator folds a whole calendar at once).
    parts.push(fold(event.toString()));
  }
  parts.push("END:VCALENDAR\r\n");
  return parts.join("");
}
