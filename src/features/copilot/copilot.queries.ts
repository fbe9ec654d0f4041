import { and, eq } from "drizzle-orm";
import type { Db, Owned } from "../../db/client";
import { jobApplication, resume } from "../../db/schema";

/** The posting and resume of one of the caller's applications (not a deleted one). */
export async function findApplicationPosting(db: Db, { id, userId }: Owned) {
  const [row] = await db
    .select({
      posting: jobApplication.originalJobDescription,
      resumeUsedId: jobApplication.resumeUsedId,
    })
    .from(jobApplication)
    .where(
      and(
        eq(jobApplication.id, id),
        eq(jobApplication.userId, userId),
        eq(jobApplication.isDeleted, false),
      ),
    );
  return row;
}

/** One of the caller's resumes' text. */
export async function findResumeContent(db: Db, { id, userId }: Owned) {
  const [row] = await db
    .select({ content: resume.content })
    .from(resume)
    .where(and(eq(resume.id, id), eq(resume.userId, userId)));
  return row?.content;
}
