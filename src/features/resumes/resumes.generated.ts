import { sql } from "drizzle-orm";
import type { SaveTarget } from "../../db/save-target";
import { resume } from "../../db/schema";
import { columnList } from "../../db/sql";
import { eventDeliveriesSql } from "../webhooks";

/**
 * A generated resume saved as the generation owner's (see SaveTarget for the statement), with its
 * `resume.created` webhook event in the same statement (the owner's subscribed webhooks only).
 */
export const generatedResume = (title: string): SaveTarget => ({
  kind: "resume",
  saved: ({ content, now }) =>
    sql`insert into ${resume} (${columnList(resume.title, resume.content, resume.createdAt, resume.updatedAt, resume.userId)})
    select ${title}, ${content}, ${now}::timestamptz, ${now}::timestamptz, owner.id
    from owner where owner.id is not null
    returning ${resume.id} as id`,
  after: ({ now }) =>
    sql`, created_event as (${eventDeliveriesSql({
      userId: sql`(select id from owner)`,
      type: "resume.created",
      data: sql`(select jsonb_build_object('id', saved.id, 'title', ${title}::text,
      'created_at', ${now}::text, 'updated_at', ${now}::text)::text from saved)`,
      now: sql`${now}::timestamptz`,
    })})`,
});
