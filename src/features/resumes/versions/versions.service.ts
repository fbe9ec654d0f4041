import { notFound } from "../../../core/errors";
import type { Db, Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import { findResume } from "../resumes.queries";
import { versionPolicy } from "../resumes.write";
import * as queries from "./versions.queries";

/** An owned resume's versions, newest first; another user's resume answers 404. */
export async function listVersions(reader: Db, owned: Owned) {
  if (!(await findResume(reader, owned))) throw notFound();
  return queries.listVersions(reader, { resumeId: owned.id, userId: owned.userId });
}

/** One version of an owned resume; a version of another resume answers 404. */
export async function getVersion(reader: Db, owned: Owned, versionId: number) {
  // A deleted resume's versions wait in the trash with it, out of reach until it is restored.
  if (!(await findResume(reader, owned))) throw notFound();
  const row = await queries.findVersion(reader, {
    id: versionId,
    resumeId: owned.id,
    userId: owned.userId,
  });
  if (!row) throw notFound();
  return row;
}

export async function restoreVersion(deps: Deps, owned: Owned, versionId: number) {
  const row = await queries.restoreVersion(deps.database.db, owned, versionId, versionPolicy(deps));
  if (!row) throw notFound();
  return row;
}
