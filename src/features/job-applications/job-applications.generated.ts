import { sql } from "drizzle-orm";
import type { SaveTarget } from "../../db/save-target";
import { jobApplication } from "../../db/schema";
import { bare } from "../../db/sql";
import { type TimelineKind, timelineInsertFrom } from "./job-applications.timeline";

/**
 * A save target whose statement also records the application's timeline entry for what was
 * saved (`resume_tailored` `{resume_id}`, `cover_letter_written` `{cover_letter_id}`): one more
 * CTE after the target's own, written only when the application is the owner's and a row was
 * saved, so the entry commits with the row or not at all.
 */
export const notedOnTimeline = (
  target: SaveTarget,
  applicationId: number,
  kind: Extract<TimelineKind, "resume_tailored" | "cover_letter_written">,
  key: "resume_id" | "cover_letter_id",
): SaveTarget => ({
  ...target,
  after: (w) => sql`${target.after?.(w) ?? sql``}, timeline_noted as (
      ${timelineInsertFrom(
        sql`${jobApplication.id}, owner.id, ${kind}::text, ${w.now}::timestamptz,
          jsonb_build_object(${key}::text, saved.id)`,
        sql`saved, owner, ${jobApplication}
          where ${jobApplication.id} = ${applicationId}::bigint
            and ${jobApplication.userId} = owner.id`,
      )}
    )`,
});

/**
 * A generated resume (`resume`, the resumes feature's target) that becomes the application's
 * `resume_used` in the same statement (the owner's application only): the tailored copy, with
 * its `resume_tailored` timeline entry. The resume target's own CTEs (its webhook event) come
 * first.
 */
export const linkedAsResumeUsed = (resume: SaveTarget, applicationId: number): SaveTarget =>
  notedOnTimeline(
    {
      ...resume,
      after: (w) => sql`${resume.after?.(w) ?? sql``}, linked as (
      update ${jobApplication} set ${bare(jobApplication.resumeUsedId)} = (select id from saved),
        ${bare(jobApplication.updatedAt)} = ${w.now}::timestamptz
      where ${jobApplication.id} = ${applicationId}::bigint
        and ${jobApplication.userId} = (select id from owner) and exists (select 1 from saved)
    )`,
    },
    applicationId,
    "resume_tailored",
    "resume_id",
  );
