import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { jobApplication } from "../../db/schema";

const isLiveExample = and(eq(jobApplication.isExample, true), eq(jobApplication.isDeleted, false));

export function listExamples(db: Db, { limit }: { limit: number }) {
  return db
    .select()
    .from(jobApplication)
    .where(isLiveExample)
    .orderBy(asc(jobApplication.id))
    .limit(limit);
}

export async function findExample(db: Db, { id }: { id: number }) {
  const [row] = await db
    .select()
    .from(jobApplication)
    .where(and(eq(jobApplication.id, id), isLiveExample));
  return row;
}
