import { sql } from "drizzle-orm";
import type { SaveTarget } from "../../db/save-target";
import { coverLetter } from "../../db/schema";
import { columnList } from "../../db/sql";

/** A written cover letter of an application, saved as the owner's with the model that wrote it. */
export const generatedCoverLetter = (title: string, applicationId: number): SaveTarget => ({
  kind: "cover_letter",
  saved: ({ content, now, model }) => {
    const cols = columnList(
      coverLetter.title,
      coverLetter.content,
      coverLetter.model,
      coverLetter.jobApplicationId,
      coverLetter.createdAt,
      coverLetter.updatedAt,
      coverLetter.userId,
    );
    return sql`insert into ${coverLetter} (${cols})
      select ${title}, ${content}, ${model}, ${applicationId}::bigint,
        ${now}::timestamptz, ${now}::timestamptz, owner.id
      from owner where owner.id is not null
      returning ${coverLetter.id} as id`;
  },
});
