import { sql } from "drizzle-orm";
import type { SaveTarget } from "../../db/save-target";
import { resume } from "../../db/schema";
import { columnList } from "../../db/sql";

/** A generated resume saved as the generation owner's (see SaveTarget for the statement). */
export const generatedResume = (title: string): SaveTarget => ({
  kind: "resume",
  saved: ({ content, now }) =>
    sql`insert into ${resume} (${columnList(resume.title, resume.content, resume.createdAt, resume.updatedAt, resume.userId)})
    select ${title}, ${content}, ${now}::timestamptz, ${now}::timestamptz, owner.id
    from owner where owner.id is not null
    returning ${resume.id} as id`,
});
