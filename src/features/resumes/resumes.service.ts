import { notFound } from "../../core/errors";
import type { RowCheck } from "../../core/etag";
import { timestampNow } from "../../core/timestamps";
import type { Db, Owned } from "../../db/client";
import type { Deps } from "../../deps";
import type { ResumeRow } from "./resumes.queries";
import * as queries from "./resumes.queries";
import type { CreateResumeInput, PatchResumeInput } from "./resumes.schemas";
import { versionPolicy } from "./resumes.write";

const now = (deps: Deps) => timestampNow(deps.clock);

/** The caller's resumes, newest change first. */
export const listResumes = (reader: Db, userId: number) => queries.listResumes(reader, { userId });

/** An owned resume; another user's answers 404 as a missing one does. */
export async function getResume(reader: Db, owned: Owned) {
  const row = await queries.findResume(reader, owned);
  if (!row) throw notFound();
  return row;
}

export const createResume = (deps: Deps, userId: number, input: CreateResumeInput) =>
  queries.insertResume(deps.database.db, { ...input, userId, now: now(deps) });

/** PUT and PATCH differ only in which fields the body must carry. */
export async function changeResume(
  deps: Deps,
  owned: Owned,
  input: PatchResumeInput,
  check?: RowCheck<ResumeRow>,
) {
  const policy = versionPolicy(deps);
  const row = await queries.updateResume(deps.database.db, owned, input, policy, check);
  if (!row) throw notFound();
  return row;
}

/** The resume leaves the list (DRF's 204) and waits in the trash for TRASH_DAYS. */
export async function deleteResume(deps: Deps, owned: Owned, check?: RowCheck<ResumeRow>) {
  const when = { now: now(deps), trashDays: deps.config.TRASH_DAYS };
  if (!(await queries.deleteResume(deps.database.db, owned, when, check))) throw notFound();
}
