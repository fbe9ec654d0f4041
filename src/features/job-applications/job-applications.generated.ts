import { sql } from "drizzle-orm";
import type { SaveTarget } from "../../db/save-target";
import { jobApplication } from "../../db/schema";
import { bare } from "../../db/sql";

/**
 * A generated resume (`resume`, the resumes feature's target) that becomes the application's
 * `resume_used` in the same statement (the owner's application only): the tailored copy. The
 * resume target's own CTEs (its webhook event) come first.
 */
export const linkedAsResumeUsed = (resume: SaveTarget, applicationId: number): SaveTarget => ({
  ...resume,
  after: (w) => sql`${resume.after?.(w) ?? sql``}, linked as (
      update ${jobApplication} set ${bare(jobApplication.resumeUsedId)} = (select id from saved),
        ${bare(jobApplication.updatedAt)} = ${w.now}::timestamptz
      where ${jobApplication.id} = ${applicationId}::bigint
        and ${jobApplication.userId} = (select id from owner) and exists (select 1 from saved)
    )`,
});
