import type { Db } from "../../db/client";
import { countByDay, countByStatus } from "./job-applications.queries";
import { type JobApplicationStats, STATUSES } from "./job-applications.schemas";
import { funnelCounts, interviewsByDay } from "./job-applications.timeline";

export const STATS_WEEKS = 12;
const DAY_MS = 86_400_000;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Midnight UTC of the Monday of the week holding `nowMs`. */
function mondayOf(nowMs: number): number {
  const midnight = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7;
  return midnight - weekday * DAY_MS;
}

/**
 * Counts of the caller's live applications by status, and per ISO week (Monday, UTC) for the
 * current week and the 11 before it, empty weeks included. A week is that of `date_applied`,
 * falling back to the UTC day the row was created: the user's own date is what "applied this
 * week" means, and rows without one still count when they were recorded. From the timeline:
 * interviews scheduled per week (the week the interview was recorded) and the funnel.
 */
export async function jobApplicationStats(
  db: Db,
  userId: number,
  nowMs: number,
): Promise<JobApplicationStats> {
  const thisMonday = mondayOf(nowMs);
  const first = thisMonday - (STATS_WEEKS - 1) * 7 * DAY_MS;
  const last = thisMonday + 6 * DAY_MS;
  const range = { userId, from: isoDay(first), to: isoDay(last) };
  const [statusRows, dayRows, interviewRows, funnel] = await Promise.all([
    countByStatus(db, { userId }),
    countByDay(db, range),
    interviewsByDay(db, range),
    funnelCounts(db, { userId }),
  ]);
  const by_status = { Applied: 0, Interviewing: 0, Offer: 0, Rejected: 0 };
  let total = 0;
  for (const r of statusRows) {
    total += r.n;
    if ((STATUSES as readonly string[]).includes(r.status))
      by_status[r.status as keyof typeof by_status] += r.n;
  }
  return {
    total,
    by_status,
    per_week: byWeek(first, dayRows),
    interviews_per_week: byWeek(first, interviewRows),
    funnel,
  };
}

/** Day counts summed into the STATS_WEEKS weeks starting at `first`, empty weeks included. */
function byWeek(first: number, dayRows: { day: string; n: number }[]) {
  const weeks = Array.from({ length: STATS_WEEKS }, (_, i) => ({
    week_start: isoDay(first + i * 7 * DAY_MS),
    count: 0,
  }));
  for (const r of dayRows) {
    const index = Math.floor((Date.parse(`${r.day}T00:00:00Z`) - first) / (7 * DAY_MS));
    const week = weeks[index];
    if (week) week.count += r.n;
  }
  return weeks;
}
