import { notFound } from "../../../core/errors";
import { timestampNow } from "../../../core/timestamps";
import type { Db, Owned } from "../../../db/client";
import type { Deps } from "../../../deps";
import { findResume } from "../resumes.queries";
import * as queries from "./versions.queries";

/** How every change of a resume is written: now, keeping RESUME_VERSIONS_KEEP earlier states. */
export const versionPolicy = (deps: Deps): queries.VersionPolicy => ({
  now: timestampNow(deps.clock),
  keep: deps.config.RESUME_VERSIONS_KEEP,
});

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
